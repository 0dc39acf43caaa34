using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>Unpaid, overdue invoices sent to collections and back (issue 4: status collections).</summary>
public class CollectionsTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Jan12 = new(2019, 1, 12), Feb1 = new(2019, 2, 1);
    static readonly DateOnly Today = new(2026, 11, 23); // the test clock's day in Moscow

    InvoiceBook Book => new(Db, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
    }

    async Task<InvoiceView> PublishedAsync(DateOnly due, bool publish = true)
    {
        var draft = await Book.CreateDraftAsync(new DraftInvoice(7583, Cloud, Jan12 < due ? Jan12 : due, due, [Line("Услуга", 1000m)]));
        return publish ? await Book.PublishAsync(draft.Invoice.Id) : draft;
    }

    [Fact]
    public async Task An_overdue_unpaid_invoice_goes_to_collections_and_back_and_1C_is_told_each_time()
    {
        var invoice = await PublishedAsync(Feb1);

        var sent = await Book.SendToCollectionsAsync(invoice.Invoice.Id, "Кучеренко");
        Assert.Equal("collections", sent.Invoice.Status);
        var back = await Book.ReturnFromCollectionsAsync(invoice.Invoice.Id, "Кучеренко");
        Assert.Equal("unpaid", back.Invoice.Status);

        var events = await QueryAsync<(string, string, string, string)>(Db, """
            select destination, kind, payload->>'status', payload->>'by' from outbox
            where aggregate_id = @id and kind like 'invoice.collections%' order by id
            """, new { id = invoice.Invoice.Id });
        Assert.Equal([("onec", "invoice.collections", "collections", "Кучеренко"), ("onec", "invoice.collections_returned", "unpaid", "Кучеренко")], events);
    }

    [Fact]
    public async Task An_invoice_in_collections_is_paid_like_an_unpaid_one()
    {
        var invoice = await PublishedAsync(Feb1);
        await Book.SendToCollectionsAsync(invoice.Invoice.Id);

        var paid = await new PaymentBook(Db, Clock).RecordAsync(invoice.Invoice.Id, new PaymentInput(Today, 1000m, "Банковский перевод"));

        Assert.Equal(("paid", (DateOnly?)Today, 0m), (paid.Invoice.Invoice.Status, paid.Invoice.Invoice.PaidDate, paid.Invoice.Invoice.BalanceDue));
        Assert.Equal(1, await CountAsync("outbox", $"kind = 'invoice.paid' and aggregate_id = {invoice.Invoice.Id}"));
    }

    [Fact]
    public async Task Only_an_unpaid_overdue_invoice_goes_to_collections_and_only_one_in_collections_comes_back_nothing_changing_otherwise()
    {
        var draft = await PublishedAsync(Feb1, publish: false);
        var dueToday = await PublishedAsync(Today);
        var cancelled = await Book.CancelAsync((await PublishedAsync(Feb1)).Invoice.Id);
        var paid = await PublishedAsync(Feb1);
        await new PaymentBook(Db, Clock).RecordAsync(paid.Invoice.Id, new PaymentInput(Today, 1000m, "Банковский перевод"));
        var inCollections = await Book.SendToCollectionsAsync((await PublishedAsync(Feb1)).Invoice.Id);
        var unpaid = await PublishedAsync(Feb1);
        var before = await SnapshotAsync(All);

        async Task<string> Refused(Func<Task> act) => (await Assert.ThrowsAsync<Conflict>(act)).Message;
        Assert.Equal($"Invoice черновик #{draft.Invoice.Id} is a draft; only an unpaid, overdue invoice can be sent to collections.",
            await Refused(() => Book.SendToCollectionsAsync(draft.Invoice.Id)));
        Assert.Equal($"Invoice № {dueToday.Invoice.Number} is not overdue: it is due on 23/11/2026; only an unpaid, overdue invoice can be sent to collections.",
            await Refused(() => Book.SendToCollectionsAsync(dueToday.Invoice.Id)));
        Assert.Equal($"Invoice № {cancelled.Invoice.Number} is cancelled; only an unpaid, overdue invoice can be sent to collections.",
            await Refused(() => Book.SendToCollectionsAsync(cancelled.Invoice.Id)));
        Assert.Equal($"Invoice № {paid.Invoice.Number} is paid; only an unpaid, overdue invoice can be sent to collections.",
            await Refused(() => Book.SendToCollectionsAsync(paid.Invoice.Id)));
        Assert.Equal($"Invoice № {inCollections.Invoice.Number} is already in collections.",
            await Refused(() => Book.SendToCollectionsAsync(inCollections.Invoice.Id)));
        Assert.Equal($"Invoice № {unpaid.Invoice.Number} is unpaid, not in collections; only an invoice in collections can be returned to unpaid.",
            await Refused(() => Book.ReturnFromCollectionsAsync(unpaid.Invoice.Id)));
        Assert.Equal($"Invoice черновик #{draft.Invoice.Id} is a draft, not in collections; only an invoice in collections can be returned to unpaid.",
            await Refused(() => Book.ReturnFromCollectionsAsync(draft.Invoice.Id)));
        Assert.Equal("There is no invoice with id 999999.",
            (await Assert.ThrowsAsync<NotFound>(() => Book.SendToCollectionsAsync(999999))).Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }
}
