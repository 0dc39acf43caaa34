using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using Npgsql;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>
/// Issue 4: the set-based renewal path must write what the per-client path writes. Both run on two fresh databases with
/// the same data — both organisations, VAT and no VAT, tax-exempt clients, separate invoices, options, promo and
/// discounts, several due dates, a suspended service, credit applied and credit switched off, an invoice of zero — and
/// every invoice, line, outbox event, credit move and client balance is compared row by row.
/// </summary>
public class RenewalPathsTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Issued = new(2019, 1, 12);

    const string Clients = """
        insert into clients (id, first_name, email, tax_exempt, separate_invoices, credit_balance, apply_credit)
        select g, 'Клиент ' || g, 'c' || g || '@paths.example', g % 7 = 0, g % 11 = 0,
               case when g % 13 = 0 then 300 when g % 17 = 0 then 500 else 0 end, g % 17 <> 0
        from generate_series(60001, 60090) g;
        insert into services (id, client_id, product_id, registration_date, billing_cycle, next_due_date, status, discount_percent)
            select g * 10 + 1, g, 1, '2018-01-01', 'monthly', '2019-02-01', case when g % 19 = 0 then 'suspended' else 'active' end,
                   case when g % 3 = 0 then 10 end from generate_series(60001, 60090) g;
        insert into services (id, client_id, product_id, registration_date, billing_cycle, next_due_date, status)
            select g * 10 + 2, g, 7, '2018-01-01', 'annual', '2019-02-01', 'active' from generate_series(60001, 60090) g where g % 2 = 0;
        insert into services (id, client_id, product_id, registration_date, billing_cycle, next_due_date, status, discount_amount)
            select g * 10 + 3, g, 2, '2018-01-01', 'quarterly', '2019-01-25', 'active', case when g % 5 = 0 then 100 end
            from generate_series(60001, 60090) g where g % 3 <> 1;
        insert into services (id, client_id, product_id, registration_date, billing_cycle, next_due_date, status, promo_code_id)
            select g * 10 + 4, g, 4, '2018-01-01', 'semiannual', '2019-02-01', 'active', 1 from generate_series(60001, 60090) g where g % 4 = 0;
        insert into service_options (service_id, option_id, quantity)
            select g * 10 + 1, 1, g % 5 + 1 from generate_series(60001, 60090) g;
        insert into service_options (service_id, option_id, quantity)
            select g * 10 + 3, o, case when o = 2 then 3 else 1 end from generate_series(60001, 60090) g, unnest(array[2, 3, 4]) o where g % 3 <> 1;
        insert into service_options (service_id, option_id, quantity)
            select g * 10 + 4, 6, 1 from generate_series(60001, 60090) g where g % 4 = 0;
        -- An invoice of nothing to pay: published and paid at once.
        insert into clients (id, first_name, email) values (60100, 'Бесплатно', 'free@paths.example');
        insert into services (id, client_id, product_id, registration_date, billing_cycle, next_due_date, status, price_override)
            values (601001, 60100, 3, '2018-01-01', 'monthly', '2019-02-01', 'active', 0);
        """;

    // Everything an invoice is, but its id and creation instant, with its lines and its published event.
    const string Invoices = """
        select (to_jsonb(i) - 'id' - 'created_at')::text || ' ' ||
               (select jsonb_agg(to_jsonb(l) - 'id' - 'invoice_id' order by l.line_no) from invoice_lines l where l.invoice_id = i.id)::text || ' ' ||
               coalesce((select jsonb_agg(o.payload - 'invoiceId' order by o.id)
                         from outbox o where o.aggregate_id = i.id and o.kind = 'invoice.published' and o.destination = 'onec'
                           and (o.payload ->> 'invoiceId')::bigint = i.id), '[]')::text
        from invoices i order by i.number
        """;

    const string Others = """
        select 'credit ' || client_id || ' ' || occurred_on || ' ' || amount || ' ' || created_by || ' ' ||
               (select reason = 'Зачёт кредита в счёт № ' || number from invoices i where i.id = c.invoice_id) from credit_ledger c
        union all select 'client ' || id || ' ' || credit_balance from clients where id >= 60000
        union all select 'numbering ' || last_number from invoice_numbering
        union all select 'outbox ' || destination || ' ' || kind || ' ' || (payload - 'invoiceId' - 'number')::text from outbox
        order by 1
        """;

    [Fact]
    public async Task The_set_based_path_writes_what_the_per_client_path_writes()
    {
        var (perClient, setBased) = await RunBothAsync(async (db, run) =>
        {
            var result = await run;
            return (result, await KeyedAsync(db), await QueryAsync<string>(db, Others));
        });

        Assert.True(perClient.result.Invoices > 100, $"{perClient.result.Invoices} invoices");
        Assert.Empty(perClient.result.Problems);
        Assert.Equal((perClient.result.Invoices, perClient.result.Lines, perClient.result.AlreadyBilled),
            (setBased.result.Invoices, setBased.result.Lines, setBased.result.AlreadyBilled));
        Assert.Empty(setBased.result.Problems);
        Assert.Equal(perClient.result.InvoiceNumbers.Order(), setBased.result.InvoiceNumbers.Order());
        Assert.Equal(Enumerable.Range(0, perClient.result.Invoices).Select(n => First + n), setBased.result.InvoiceNumbers.Order());
        Assert.Equal(perClient.Item2, setBased.Item2);
        Assert.Equal(perClient.Item3, setBased.Item3);
        Assert.Contains(setBased.Item3, r => r.StartsWith("credit 60008 ", StringComparison.Ordinal));
        Assert.Contains(setBased.Item2, r => r.Contains("\"status\": \"paid\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_credit_or_a_zero_invoice_both_paths_write_the_same_rows_with_the_same_numbers()
    {
        const string NothingToFallBack = "update clients set credit_balance = 0; delete from services where id = 601001";
        var (perClient, setBased) = await RunBothAsync(async (db, run) =>
        {
            await run;
            return (await QueryAsync<string>(db, Invoices), await QueryAsync<string>(db, "select payload::text from outbox order by id"));
        }, NothingToFallBack);

        Assert.True(perClient.Item1.Count > 100, $"{perClient.Item1.Count} invoices");
        Assert.Equal(perClient.Item1, setBased.Item1);
        Assert.Equal(perClient.Item2, setBased.Item2);
    }

    [Fact]
    public async Task Two_set_based_runs_at_once_bill_each_period_once_without_gaps()
    {
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
        await ExecAsync(Db, Clients);

        var runs = await Task.WhenAll(
            Task.Run(() => new RenewalInvoicer(Db, Clock) { ChunkSize = 5 }.RunAsync(Issued, 20)),
            Task.Run(() => new RenewalInvoicer(Db, Clock) { ChunkSize = 9 }.RunAsync(Issued, 20)));

        var invoices = runs.Sum(r => r.Invoices);
        Assert.True(invoices > 100, $"{invoices} invoices");
        Assert.Empty(runs.SelectMany(r => r.Problems));
        Assert.Equal(0L, await CountAsync("(select service_id, period_start from invoice_lines where bills_period group by 1, 2 having count(*) > 1) d"));
        Assert.Equal(Enumerable.Range(0, invoices).Select(n => First + n), await QueryAsync<long>(Db, "select number from invoices order by number"));
        Assert.Equal(runs.Sum(r => r.Lines), await CountAsync("invoice_lines"));
        Assert.Equal(invoices, await CountAsync("outbox", "kind = 'invoice.published'"));
        Assert.Equal(0, (await new RenewalInvoicer(Db, Clock).RunAsync(Issued, 20)).Invoices);
    }

    /// <summary>The same data on this test's database and on a second fresh one; the per-client path runs on the first.</summary>
    async Task<(T PerClient, T SetBased)> RunBothAsync<T>(Func<NpgsqlDataSource, Task<RenewalResult>, Task<T>> observe, string? change = null)
    {
        var otherCs = await Cluster.CreateDatabaseAsync();
        try
        {
            await using var other = BackOffice.Ledger.Database.Db.CreateDataSource(otherCs);
            foreach (var db in new[] { Db, other })
            {
                await LoadDemoAsync(db);
                await Seed7583ServicesAsync(db);
                await ExecAsync(db, Clients);
                if (change is not null) await ExecAsync(db, change);
            }
            var perClient = await observe(Db, new RenewalInvoicer(Db, Clock) { SetBased = false }.RunAsync(Issued, 20));
            var setBased = await observe(other, new RenewalInvoicer(other, Clock) { ChunkSize = 7 }.RunAsync(Issued, 20));
            return (perClient, setBased);
        }
        finally
        {
            await Cluster.DropDatabaseAsync(otherCs);
        }
    }

    /// <summary>Each invoice's row text (number left out) sorted: the same invoices whatever numbers they drew.</summary>
    static async Task<IReadOnlyList<string>> KeyedAsync(NpgsqlDataSource db) =>
        (await QueryAsync<string>(db, Invoices.Replace("(to_jsonb(i) - 'id' - 'created_at')", "(to_jsonb(i) - 'id' - 'created_at' - 'number')")
            .Replace("o.payload - 'invoiceId'", "o.payload - 'invoiceId' - 'number'")))
        .Order(StringComparer.Ordinal).ToList();
}
