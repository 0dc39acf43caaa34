using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BackOffice.Bench.Renewal;

/// <summary>What the run should produce, counted from the seeded rows with the engine's grouping rules.</summary>
sealed record Expected(int Services, int Invoices, int Lines);

/// <summary>
/// The demo catalogue (products 1–4 with priced options) and, by binary COPY, a number of clients holding 3 or 4 of
/// products 1–4 each (one product at most once per client, as services_one_product_per_client demands), monthly and
/// semi-annual mixed, with option quantities, some promo codes and discounts, all due inside the renewal window.
/// Deterministic: the same sizes give the same rows, so two databases seeded alike hold the same work.
/// </summary>
static class RenewalData
{
    // Past dates: the demo's own services (due after today) stay out of the window; they are deleted anyway.
    public static readonly DateOnly RunDate = new(2025, 6, 17);
    public const int DaysBefore = 14;
    static readonly DateOnly DueDate = new(2025, 7, 1);      // = RunDate + 14: the 1st, whole periods
    static readonly DateOnly MidMonthDue = new(2025, 6, 24);  // prorated first periods, a second invoice for the client
    const int FirstId = 100_001;

    public static async Task SeedAsync(NpgsqlDataSource db, int clients, int services)
    {
        if (services < 3 * clients || services > 4 * clients)
            throw new ArgumentException($"Each client holds 3 or 4 of products 1–4: services must be 3–4 × clients, not {services} for {clients}.");
        await new BackOffice.Ledger.Demo.DemoData(db).LoadAsync();
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("delete from service_options; delete from services;");

        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy clients (id, first_name, last_name, company_name, email, separate_invoices) from stdin (format binary)"))
        {
            for (var i = 0; i < clients; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(FirstId + i, NpgsqlDbType.Integer);
                await copy.WriteAsync("Клиент", NpgsqlDbType.Text);
                await copy.WriteAsync($"№{i}", NpgsqlDbType.Text);
                await copy.WriteAsync($"ООО «Нагрузка {i}»", NpgsqlDbType.Text);
                await copy.WriteAsync($"client{i}@bench.example", NpgsqlDbType.Text);
                await copy.WriteAsync(SeparateInvoices(i), NpgsqlDbType.Boolean);
            }
            await copy.CompleteAsync();
        }

        var rows = Services(clients, services).ToList();
        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy services (id, client_id, product_id, registration_date, billing_cycle, next_due_date, status, promo_code_id, discount_percent)
            from stdin (format binary)
            """))
        {
            foreach (var s in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(s.Id, NpgsqlDbType.Integer);
                await copy.WriteAsync(s.ClientId, NpgsqlDbType.Integer);
                await copy.WriteAsync(s.ProductId, NpgsqlDbType.Integer);
                await copy.WriteAsync(new DateOnly(2020, 1, 15), NpgsqlDbType.Date);
                await copy.WriteAsync(s.Cycle, NpgsqlDbType.Text);
                await copy.WriteAsync(s.Due, NpgsqlDbType.Date);
                await copy.WriteAsync("active", NpgsqlDbType.Text);
                if (s.Promo is { } promo) await copy.WriteAsync(promo, NpgsqlDbType.Integer); else await copy.WriteNullAsync();
                if (s.DiscountPercent is { } pct) await copy.WriteAsync(pct, NpgsqlDbType.Numeric); else await copy.WriteNullAsync();
            }
            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync("copy service_options (service_id, option_id, quantity) from stdin (format binary)"))
        {
            foreach (var s in rows)
                foreach (var (option, quantity) in s.Options)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(s.Id, NpgsqlDbType.Integer);
                    await copy.WriteAsync(option, NpgsqlDbType.Integer);
                    await copy.WriteAsync(quantity, NpgsqlDbType.Integer);
                }
            await copy.CompleteAsync();
        }

        await conn.ExecuteAsync("""
            select setval(pg_get_serial_sequence('clients', 'id'), (select max(id) from clients));
            select setval(pg_get_serial_sequence('services', 'id'), (select max(id) from services));
            """);
        foreach (var sql in new[] { "vacuum analyze", "checkpoint" })
        {
            await using var command = new NpgsqlCommand(sql, conn);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Invoices: one per client, due date and organisation, or one per service for separate-invoice clients.
    /// Lines: the service line, its options with a quantity, a promo line and a discount line where they apply.</summary>
    public static async Task<Expected> ExpectedAsync(NpgsqlDataSource db, DateOnly until)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<Expected>("""
            with due as (
                select s.*, p.organisation_id, c.separate_invoices from services s
                join clients c on c.id = s.client_id join products p on p.id = s.product_id
                where s.status in ('active', 'suspended') and s.billing_cycle not in ('free', 'one_time') and s.next_due_date <= @until)
            select (select count(*)::int from due) as services,
                   (select count(*)::int from (select distinct client_id, next_due_date, organisation_id,
                                                      case when separate_invoices then id else 0 end from due) g) as invoices,
                   (select count(*)::int from due)
                   + (select count(*)::int from service_options so join due on due.id = so.service_id where so.quantity > 0)
                   + (select count(*)::int from due where promo_code_id is not null)
                   + (select count(*)::int from due where discount_percent > 0) as lines
            """, new { until });
    }

    static bool SeparateInvoices(int client) => client % 50 == 49;

    sealed record ServiceRow(int Id, int ClientId, int ProductId, string Cycle, DateOnly Due, int? Promo, decimal? DiscountPercent,
        (int Option, int Quantity)[] Options);

    static IEnumerable<ServiceRow> Services(int clients, int services)
    {
        var fours = services - 3 * clients;
        var id = FirstId;
        for (var i = 0; i < clients; i++)
        {
            int[] products = i < fours ? [1, 2, 3, 4] : i % 2 == 0 ? [1, 2, 3] : [1, 2, 4];
            var cycle = i % 3 == 0 ? "semiannual" : "monthly";
            foreach (var product in products)
            {
                yield return product switch
                {
                    1 => new(id++, FirstId + i, 1, cycle, DueDate, null, i % 20 == 0 ? 10m : null, [(1, 1 + i % 10)]),
                    2 => new(id++, FirstId + i, 2, cycle, DueDate, null, null,
                        i % 2 == 0 ? [(2, 1 + i % 7), (3, 1), (4, 1)] : [(2, 1 + i % 7), (3, 1)]),
                    3 => new(id++, FirstId + i, 3, cycle, i % 10 == 3 ? MidMonthDue : DueDate, null, null, [(5, 1 + i % 3)]),
                    _ => new(id++, FirstId + i, 4, "semiannual", DueDate, i % 5 == 0 ? 1 : null, null, [(6, 1)]),
                };
            }
        }
    }
}
