using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BackOffice.Bench.Reports;

/// <summary>
/// The demo ledger plus, by binary COPY, N clients spread over ten sales managers and M published invoices, all issued
/// before the as-of date and most past due, a third of them partly paid (some of those payments after the as-of date,
/// which the report must ignore). Deterministic: the same sizes give the same rows.
/// </summary>
static class DebtorData
{
    public static readonly DateOnly AsOf = new(2026, 11, 20);
    const int FirstClient = 100_001, FirstStaff = 101, Managers = 10;

    public static async Task SeedAsync(NpgsqlDataSource db, int clients, int invoices)
    {
        await new BackOffice.Ledger.Demo.DemoData(db).LoadAsync();
        await using var conn = await db.OpenConnectionAsync();
        for (var m = 0; m < Managers; m++)
            await conn.ExecuteAsync("""
                insert into staff (id, login, full_name, email, is_sales_manager) values (@id, @login, @name, @email, true)
                """, new { id = FirstStaff + m, login = $"manager{m}", name = $"Менеджер {Names[m]}", email = $"manager{m}@bench.example" });

        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy clients (id, first_name, last_name, company_name, email, inn, kpp, sales_manager_id) from stdin (format binary)"))
        {
            for (var i = 0; i < clients; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(FirstClient + i, NpgsqlDbType.Integer);
                await copy.WriteAsync("Клиент", NpgsqlDbType.Text);
                await copy.WriteAsync($"№{i}", NpgsqlDbType.Text);
                await copy.WriteAsync($"ООО «Нагрузка и Сопровождение {i}»", NpgsqlDbType.Text);
                await copy.WriteAsync($"client{i}@bench.example", NpgsqlDbType.Text);
                await copy.WriteAsync((7700000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                await copy.WriteAsync("770101001", NpgsqlDbType.Text);
                // One client in fifty has no manager (the "Без менеджера" sheet).
                if (i % 50 == 49) await copy.WriteNullAsync();
                else await copy.WriteAsync(FirstStaff + i % Managers, NpgsqlDbType.Integer);
            }
            await copy.CompleteAsync();
        }

        var organisation = await conn.ExecuteScalarAsync<int>("select id from organisations where payment_method = 'Безналичный платеж'");
        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy invoices (id, number, client_id, organisation_id, kind, status, issue_date, due_date, payment_method, subtotal, total,
                           amount_paid, published_at) from stdin (format binary)
            """))
        {
            for (var i = 0; i < invoices; i++)
            {
                var (issued, due, total, paid) = Invoice(i);
                await copy.StartRowAsync();
                await copy.WriteAsync((long)(i + 1), NpgsqlDbType.Bigint);
                await copy.WriteAsync(72_000L + i, NpgsqlDbType.Bigint);
                await copy.WriteAsync(FirstClient + i % clients, NpgsqlDbType.Integer);
                await copy.WriteAsync(organisation, NpgsqlDbType.Integer);
                await copy.WriteAsync("renewal", NpgsqlDbType.Text);
                await copy.WriteAsync("unpaid", NpgsqlDbType.Text);
                await copy.WriteAsync(issued, NpgsqlDbType.Date);
                await copy.WriteAsync(due, NpgsqlDbType.Date);
                await copy.WriteAsync("Безналичный платеж", NpgsqlDbType.Text);
                await copy.WriteAsync(total, NpgsqlDbType.Numeric);
                await copy.WriteAsync(total, NpgsqlDbType.Numeric);
                await copy.WriteAsync(paid, NpgsqlDbType.Numeric);
                await copy.WriteAsync(new DateTime(issued, TimeOnly.MinValue, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy payments (client_id, invoice_id, kind, paid_on, amount, method, reference, created_by) from stdin (format binary)"))
        {
            for (var i = 0; i < invoices; i++)
            {
                var (issued, _, _, paid) = Invoice(i);
                if (paid == 0) continue;
                await copy.StartRowAsync();
                await copy.WriteAsync(FirstClient + i % clients, NpgsqlDbType.Integer);
                await copy.WriteAsync((long)(i + 1), NpgsqlDbType.Bigint);
                await copy.WriteAsync("payment", NpgsqlDbType.Text);
                // Every ninth payment arrives after the as-of date.
                await copy.WriteAsync(i % 9 == 0 ? AsOf.AddDays(2) : issued.AddDays(5), NpgsqlDbType.Date);
                await copy.WriteAsync(paid, NpgsqlDbType.Numeric);
                await copy.WriteAsync("Безналичный платеж", NpgsqlDbType.Text);
                await copy.WriteAsync($"{i}", NpgsqlDbType.Text);
                await copy.WriteAsync("bench", NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        await conn.ExecuteAsync("""
            select setval(pg_get_serial_sequence('invoices', 'id'), (select max(id) from invoices));
            update invoice_numbering set last_number = (select max(number) from invoices);
            analyze;
            """);
    }

    /// <summary>Issued over the two years before the as-of date, due ten days later; a third partly paid.</summary>
    static (DateOnly Issued, DateOnly Due, decimal Total, decimal Paid) Invoice(int i)
    {
        var issued = AsOf.AddDays(-(i * 7919 % 730));
        var total = 500m + i * 37 % 50_000;
        var paid = i % 3 == 0 ? Math.Round(total / 3, 2) : 0m;
        return (issued, issued.AddDays(10), total, paid);
    }

    static readonly string[] Names = ["Алексеев", "Борисова", "Васильев", "Григорьева", "Дмитриев", "Егорова", "Жуков", "Зайцева", "Иванов", "Калинина"];
}
