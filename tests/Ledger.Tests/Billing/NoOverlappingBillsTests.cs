using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using Npgsql;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>Issue 8, point 4: one service is never billed twice for overlapping days, and the database is what says so.</summary>
public class NoOverlappingBillsTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Issued = new(2019, 1, 12);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
        await new RenewalInvoicer(Db, Clock).RunAsync(Issued, 20); // bills 01/02/2019 - 31/07/2019 for 20804, 20805, 20806
    }

    static InvoiceLine Bill(int service, DateOnly from, DateOnly to) =>
        new(LineKind.Service, $"Доступ ({BillingPeriod.Format(from)} - {BillingPeriod.Format(to)})", 100m)
        {
            ServiceId = service, PeriodStart = from, PeriodEnd = to, BillsPeriod = true,
        };

    [Fact]
    public async Task The_database_refuses_a_second_bill_of_overlapping_days_that_starts_on_another_day()
    {
        var invoice = await ScalarAsync<long>(Db, $"select id from invoices where number = {First}");

        var e = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(Db, $"""
            insert into invoice_lines (invoice_id, line_no, kind, description, amount, service_id, period_start, period_end, bills_period)
            values ({invoice}, 99, 'service', 'again', 1, 20804, '2019-03-01', '2019-08-31', true)
            """));

        Assert.Equal((PostgresErrorCodes.ExclusionViolation, "invoice_lines_no_overlapping_bills"), (e.SqlState, e.ConstraintName));
        // Days next to the billed period, and lines that bill nothing, are fine.
        await ExecAsync(Db, $"""
            insert into invoice_lines (invoice_id, line_no, kind, description, amount, service_id, period_start, period_end, bills_period)
            values ({invoice}, 98, 'service', 'next', 1, 20804, '2019-08-01', '2019-08-31', true),
                   ({invoice}, 99, 'upgrade', 'shown', 1, 20804, '2019-03-01', '2019-07-31', false)
            """);
    }

    [Fact]
    public async Task A_draft_billing_days_already_billed_is_refused_and_nothing_changes_until_that_invoice_is_cancelled()
    {
        var book = new InvoiceBook(Db, Clock);
        var draft = new DraftInvoice(7583, Cloud, Issued, Issued, [Bill(20804, new(2019, 3, 1), new(2019, 3, 31))]);
        var before = await SnapshotAsync(All);

        var e = await Assert.ThrowsAsync<Conflict>(() => book.CreateDraftAsync(draft));

        Assert.StartsWith("A service period on this invoice overlaps days already billed by another invoice (", e.Message);
        Assert.EndsWith("); cancel that one first.", e.Message);
        Assert.Equal(before, await SnapshotAsync(All));

        await book.CancelAsync(await ScalarAsync<long>(Db, $"select id from invoices where number = {First}"));
        var allowed = await book.CreateDraftAsync(draft);
        Assert.Equal("draft", allowed.Invoice.Status);
    }

    [Fact]
    public async Task A_renewal_from_a_due_date_set_inside_a_billed_period_is_reported_not_billed()
    {
        // A due date put inside the billed half-year by hand (the move itself is refused since issue 8).
        await ExecAsync(Db, "update services set next_due_date = '2019-04-01' where id = 20804");
        var numbering = await ScalarAsync<long>(Db, "select last_number from invoice_numbering");

        var result = await new RenewalInvoicer(Db, Clock).RunAsync(new DateOnly(2019, 3, 20), 14);

        Assert.Empty(result.InvoiceNumbers);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("Client #7583, services #20804: the period from the due date 01/04/2019 overlaps days already billed (", problem);
        Assert.Equal(1, await CountAsync("invoice_lines", "service_id = 20804 and bills_period"));
        Assert.Equal(numbering, await ScalarAsync<long>(Db, "select last_number from invoice_numbering"));
    }

    [Fact]
    public async Task Two_writers_billing_overlapping_days_at_once_queue_and_the_second_is_refused_once_the_first_commits()
    {
        var invoice = await ScalarAsync<long>(Db, $"select id from invoices where number = {First}");
        const string insert = """
            insert into invoice_lines (invoice_id, line_no, kind, description, amount, service_id, period_start, period_end, bills_period)
            values (@invoice, @lineNo, 'service', 'next', 1, 20804, @from, @to, true)
            """;
        await using var first = await Db.OpenConnectionAsync();
        await using var firstTx = await first.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(first, insert, new { invoice, lineNo = 50, from = new DateOnly(2019, 8, 1), to = new DateOnly(2020, 1, 31) }, firstTx);

        var second = Task.Run(async () =>
        {
            await using var conn = await Db.OpenConnectionAsync();
            await Dapper.SqlMapper.ExecuteAsync(conn, insert, new { invoice, lineNo = 51, from = new DateOnly(2019, 9, 1), to = new DateOnly(2019, 9, 30) });
        });
        await Task.Delay(500);
        Assert.False(second.IsCompleted); // it waits for the first writer's client lock
        await firstTx.CommitAsync();

        var e = await Assert.ThrowsAsync<PostgresException>(() => second);
        Assert.Equal((PostgresErrorCodes.ExclusionViolation, "invoice_lines_no_overlapping_bills"), (e.SqlState, e.ConstraintName));
        Assert.Equal(2, await CountAsync("invoice_lines", "service_id = 20804 and bills_period"));
    }
}
