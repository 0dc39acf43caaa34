using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BackOffice.Bench.BankImport;

/// <summary>The demo catalogue, then the workload's clients and open invoices by binary COPY (organisation 1, published, unpaid).</summary>
static class BenchData
{
    /// <summary>
    /// analyzeAll: ANALYZE every table, which records the still-empty bank_documents and payments as 0 rows; without it
    /// only the bulk-loaded clients and invoices are analyzed (as autovacuum would), and the empty tables keep "never
    /// analyzed", for which the planner assumes at least 10 pages. The import's foreign-key checks are planned once per
    /// connection against whatever the statistics say at the start of the file.
    /// </summary>
    public static async Task SeedAsync(NpgsqlDataSource db, IReadOnlyList<BenchClient> clients, IReadOnlyList<BenchInvoice> invoices, bool analyzeAll)
    {
        await new BackOffice.Ledger.Demo.DemoData(db).LoadAsync();
        await using var conn = await db.OpenConnectionAsync();
        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy clients (id, first_name, last_name, company_name, email, inn, kpp, default_payment_method) from stdin (format binary)"))
        {
            foreach (var c in clients)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(c.Id, NpgsqlDbType.Integer);
                await copy.WriteAsync("Бухгалтерия", NpgsqlDbType.Text);
                await copy.WriteAsync("", NpgsqlDbType.Text);
                await copy.WriteAsync(c.Name, NpgsqlDbType.Text);
                await copy.WriteAsync($"buh{c.Id}@bench.example", NpgsqlDbType.Text);
                await copy.WriteAsync(c.Inn, NpgsqlDbType.Text);
                await copy.WriteAsync(c.Kpp, NpgsqlDbType.Text);
                await copy.WriteAsync("Безналичный платеж", NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }

        var published = new DateTime(2025, 1, 1, 6, 0, 0, DateTimeKind.Utc);
        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy invoices (number, client_id, organisation_id, kind, status, issue_date, due_date, payment_method, subtotal, total, published_at)
            from stdin (format binary)
            """))
        {
            foreach (var i in invoices)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(i.Number, NpgsqlDbType.Bigint);
                await copy.WriteAsync(i.ClientId, NpgsqlDbType.Integer);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync("manual", NpgsqlDbType.Text);
                await copy.WriteAsync("unpaid", NpgsqlDbType.Text);
                await copy.WriteAsync(i.IssueDate, NpgsqlDbType.Date);
                await copy.WriteAsync(i.IssueDate.AddDays(5), NpgsqlDbType.Date);
                await copy.WriteAsync("Безналичный платеж", NpgsqlDbType.Text);
                await copy.WriteAsync(i.Total, NpgsqlDbType.Numeric);
                await copy.WriteAsync(i.Total, NpgsqlDbType.Numeric);
                await copy.WriteAsync(published, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }

        await conn.ExecuteAsync($"""
            select setval(pg_get_serial_sequence('clients', 'id'), (select max(id) from clients));
            update invoice_numbering set last_number = (select coalesce(max(number), 0) from invoices);
            {(analyzeAll ? "analyze;" : "analyze clients, invoices;")}
            """);
    }

    /// <summary>What the import left in the database, counted independently of its summary.</summary>
    public static async Task<string> CountAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        var byStatus = await conn.QueryAsync<(string Status, long Count)>(
            "select status, count(*) from bank_documents group by status order by status");
        var r = await conn.QuerySingleAsync<(long Payments, decimal Paid, long InvoicesPaid, long Partly, long Queue, long CreditMoves, decimal Credit, long Outbox)>("""
            select (select count(*) from payments), (select coalesce(sum(amount), 0) from payments),
                   (select count(*) from invoices where status = 'paid'),
                   (select count(*) from invoices where status = 'unpaid' and amount_paid > 0),
                   (select count(*) from bank_review_queue), (select count(*) from credit_ledger),
                   (select coalesce(sum(credit_balance), 0) from clients), (select count(*) from outbox where kind = 'invoice.paid')
            """);
        return $"bank_documents by status: {string.Join(", ", byStatus.Select(s => $"{s.Status} {s.Count:N0}"))}; " +
               $"payments {r.Payments:N0} ({r.Paid:N2}), invoices paid {r.InvoicesPaid:N0}, part-paid {r.Partly:N0}, review queue {r.Queue:N0}, " +
               $"credit moves {r.CreditMoves:N0} (clients' credit {r.Credit:N2}), invoice.paid outbox rows {r.Outbox:N0}";
    }

    /// <summary>
    /// PaymentMatcher's payer-by-account query (run for a payer without an ИНН, or whose ИНН no client has; first-party payments only) against the table as the import
    /// left it: bank_documents has no index on payer_account, so this shows what one such lookup costs at the file's end.
    /// </summary>
    public static async Task<string> AccountLookupAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        var plan = (await conn.QueryAsync<string>("""
            explain (analyze, costs off)
            select c.id, coalesce(nullif(company_name, ''), trim(first_name || ' ' || last_name)) as name, c.kpp from clients c
            where c.id in (select client_id from bank_documents where payer_account = @Account and direction = 'incoming' and client_id is not null and not third_party)
            order by c.id
            """, new { Account = "40702810999999999999" })).ToList();
        var size = await conn.QuerySingleAsync<(long Rows, long Bytes)>(
            "select (select count(*) from bank_documents), pg_total_relation_size('bank_documents')");
        var scan = plan.FirstOrDefault(l => l.Contains("on bank_documents", StringComparison.Ordinal))?.Trim() ?? "?";
        var time = plan.FirstOrDefault(l => l.StartsWith("Execution Time", StringComparison.Ordinal)) ?? "?";
        return $"payer-by-account lookup on bank_documents ({size.Rows:N0} rows, {size.Bytes / 1048576.0:0.0} MiB): {scan}; {time}";
    }
}
