using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using Dapper;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>
/// The list's totals kept as invoices change (invoice_totals, migration 0023) agree with the totals summed over the
/// invoices themselves, after payments, refunds, cancellations and collections, also when they run at once, and after
/// the kept rows are folded.
/// </summary>
public class InvoiceKeptTotalsTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Today = new(2026, 11, 23);
    const int Fabrika = 7583, Vms = 4314;

    InvoiceBook Book => new(Db, Clock);
    PaymentBook Payments => new(Db, Clock);
    InvoiceList List => new(Db, new InvoiceBook(Db, Clock), Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
    }

    async Task<long> PublishedAsync(int client, decimal amount, string method = Cloud, int dueInDays = 5)
    {
        var draft = await Book.CreateDraftAsync(new DraftInvoice(client, method, Today.AddDays(-40), Today.AddDays(dueInDays), [Line("Услуга", amount)]));
        return (await Book.PublishAsync(draft.Invoice.Id)).Invoice.Id;
    }

    /// <summary>
    /// Each filter the kept totals serve, beside the same filter with an issue date before any invoice: that one selects
    /// the same invoices but is summed over them.
    /// </summary>
    async Task AssertKeptAgreeAsync()
    {
        var organisations = await QueryAsync<string>(Db, "select code from organisations order by id");
        Assert.True(organisations.Count >= 2, "the demo has two organisations");
        var filters = new List<InvoiceFilter> { new() };
        filters.AddRange(new[] { "draft", "unpaid", "paid", "cancelled", "refunded", "collections" }.Select(s => new InvoiceFilter { Status = s }));
        filters.AddRange(organisations.Select(o => new InvoiceFilter { Organisation = o }));
        filters.Add(new InvoiceFilter { Status = "unpaid", Organisation = organisations[1] });
        foreach (var f in filters)
        {
            var kept = (await List.ListAsync(f)).Totals;
            var summed = (await List.ListAsync(f with { IssuedFrom = DateOnly.MinValue })).Totals;
            Assert.Equal(summed, kept);
        }
        var all = (await List.ListAsync(new InvoiceFilter())).Totals;
        var direct = (await QueryAsync<InvoiceTotals>(Db, """
            select count(*)::int as count, sum(total) as total, sum(amount_paid) as paid,
                   sum(case when status in ('unpaid', 'collections') then total - credit_applied - amount_paid else 0 end) as balance_due
            from invoices
            """)).Single();
        Assert.Equal(direct, all);
    }

    [Fact]
    public async Task Payments_refunds_cancellations_and_collections_keep_the_totals_the_list_sums()
    {
        await AssertKeptAgreeAsync();
        var paid = await PublishedAsync(Fabrika, 1000m);
        var part = await PublishedAsync(Vms, 2500m, Formula);
        var over = await PublishedAsync(Vms, 300m);
        var cancelled = await PublishedAsync(Fabrika, 700m);
        var collections = await PublishedAsync(Fabrika, 1200m, Formula, dueInDays: -30);
        await Book.CreateDraftAsync(new DraftInvoice(Vms, Cloud, Today, Today.AddDays(5), [Line("Черновик", 50m)]));
        var before = (await List.ListAsync(new InvoiceFilter())).Totals;

        var whole = await Payments.RecordAsync(paid, new PaymentInput(Today, 1000m, "Банковский перевод"));
        var partly = await Payments.RecordAsync(part, new PaymentInput(Today, 1000m, "Банковский перевод"));
        var more = await Payments.RecordAsync(over, new PaymentInput(Today, 500m, "Банковский перевод"));  // the rest to credit
        await Book.CancelAsync(cancelled);
        await Book.SendToCollectionsAsync(collections);
        await Payments.RefundAsync(whole.PaymentId, 400m, Today);                             // paid goes back to unpaid, 600 due
        await AssertKeptAgreeAsync();

        var after = (await List.ListAsync(new InvoiceFilter())).Totals;
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(before.Paid + whole.ToInvoice - 400m + partly.ToInvoice + more.ToInvoice, after.Paid);
        Assert.True(after.BalanceDue < before.BalanceDue - 700m, "the cancelled invoice and the payments are no longer owed");
    }

    [Fact]
    public async Task Payments_and_refunds_at_once_keep_the_totals_exact()
    {
        var invoices = new List<long>();
        for (var i = 0; i < 24; i++) invoices.Add(await PublishedAsync(i % 2 == 0 ? Fabrika : Vms, 100m + i, i % 3 == 0 ? Formula : Cloud));
        var toCancel = new List<long>();
        for (var i = 0; i < 6; i++) toCancel.Add(await PublishedAsync(Vms, 70m));
        var before = (await List.ListAsync(new InvoiceFilter())).Totals;

        var cancelling = Task.WhenAll(toCancel.Select(id => Book.CancelAsync(id)));
        var payments = await Task.WhenAll(invoices.Select((id, i) =>
            Payments.RecordAsync(id, new PaymentInput(Today, i % 4 == 0 ? 50m : 100m + i, "Банковский перевод"))));
        await Task.WhenAll(payments.Where((_, i) => i % 3 == 1).Select(p => Payments.RefundAsync(p.PaymentId, null, Today)));
        await cancelling;
        await AssertKeptAgreeAsync();

        var after = (await List.ListAsync(new InvoiceFilter())).Totals;
        var refunded = payments.Where((_, i) => i % 3 == 1).Sum(p => p.ToInvoice);
        Assert.Equal(before.Paid + payments.Sum(p => p.ToInvoice) - refunded, after.Paid);
        Assert.Equal(before.Count, after.Count);
    }

    [Fact]
    public async Task Any_statement_on_invoices_keeps_them_and_the_kept_rows_are_folded()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add(await PublishedAsync(Vms, 1000m));
        await using (var conn = await Db.OpenConnectionAsync())
        {
            // Each its own transaction, each adding kept rows: past 500 the writer folds them.
            for (var i = 0; i < 600; i++)
                await conn.ExecuteAsync("update invoices set amount_paid = amount_paid + @d where id = @id",
                    new { d = i % 2 == 0 ? 1m : -0.5m, id = ids[i % ids.Count] });
        }
        Assert.True(await CountAsync("invoice_totals") < 500, $"{await CountAsync("invoice_totals")} kept rows: never folded");
        await AssertKeptAgreeAsync();

        await ExecAsync(Db, "delete from invoice_lines where invoice_id = @id; delete from invoices where id = @id", new { id = ids[0] });
        await AssertKeptAgreeAsync();
    }

    [Fact]
    public async Task The_list_filtered_by_nothing_else_than_status_or_organisation_reads_the_kept_totals()
    {
        await PublishedAsync(Vms, 1000m);
        var summed = (await List.ListAsync(new InvoiceFilter { IssuedFrom = DateOnly.MinValue })).Totals;
        // A kept row no invoice stands behind: only a list that reads the kept totals counts it.
        await ExecAsync(Db, "insert into invoice_totals (status, organisation_id, invoices, total, paid, owed) values ('unpaid', 0, 1, 5, 0, 5)");

        Assert.Equal(summed with { Count = summed.Count + 1, Total = summed.Total + 5m, BalanceDue = summed.BalanceDue + 5m },
            (await List.ListAsync(new InvoiceFilter())).Totals);
        Assert.Equal(summed, (await List.ListAsync(new InvoiceFilter { IssuedFrom = DateOnly.MinValue })).Totals);
    }
}
