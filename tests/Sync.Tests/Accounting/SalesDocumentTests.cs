using BackOffice.Ledger.Billing;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;

namespace BackOffice.Sync.Tests.Accounting;

/// <summary>
/// CreateSalesDocuments: a paid invoice gets one «Реализация товаров и услуг» based on it, whatever is lost on the way;
/// an invoice that stops being paid has it marked for deletion (never deleted), and paid again gets the same one back.
/// </summary>
public class SalesDocumentTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    static readonly DateOnly PaidOn = new(2026, 11, 25);

    public override async ValueTask InitializeAsync()
    {
        Setting("CreateSalesDocuments", "true");
        await base.InitializeAsync();
    }

    async Task<(long Id, long PaymentId)> PaidInvoiceAsync(decimal amount = 1200m)
    {
        var (id, _) = await PublishAsync(Fabrika, amount);
        await RunAsync();
        var paid = await new PaymentBook(Database, Clock).RecordAsync(id, new PaymentInput(PaidOn, amount, "Банковский перевод"));
        return (id, paid.PaymentId);
    }

    Task<Guid?> SalesKeyAsync(long id) => ScalarAsync<Guid?>("select sales_ref_key from onec_invoices where invoice_id = @id", new { id });

    [Fact]
    public async Task A_paid_invoice_gets_one_sales_document_based_on_it_even_when_the_answer_is_lost()
    {
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        await RunAsync();
        Assert.Empty(OneC.All(Sales1C)); // unpaid: no sales document
        await new PaymentBook(Database, Clock).RecordAsync(id, new PaymentInput(PaidOn, 1200m, "Банковский перевод"));
        OneC.FailNext(FakeFailure.LoseAnswer, method: "POST", entity: Sales1C);

        Assert.Equal(1, (await RunAsync()).Failed);
        Assert.Single(OneC.All(Sales1C)); // 1C saved it; we never heard
        Assert.Null(await SalesKeyAsync(id));
        Clock.Advance(TimeSpan.FromMinutes(5));
        await RunAsync();

        var sales = Assert.Single(OneC.All(Sales1C));
        var invoiceKey = await ScalarAsync<Guid>("select onec_key from invoices where id = @id", new { id });
        Assert.Equal(invoiceKey, OData.Key(sales, "СчетНаОплатуПокупателю_Key"));
        Assert.Equal(("2026-11-25T12:00:00", 1200m, "1"), (OData.String(sales, "Date"), OData.Decimal(sales, "СуммаДокумента"), OData.String(sales["Услуги"]![0], "LineNumber")));
        Assert.Equal(OData.Key(sales, "Ref_Key"), await SalesKeyAsync(id));
        Assert.Equal(1, Posts(Sales1C));
        Assert.Single(Documents1C());
    }

    [Fact]
    public async Task A_crash_after_1c_saved_the_sales_document_but_before_our_commit_ends_with_one()
    {
        var (id, _) = await PaidInvoiceAsync();
        Assert.Equal(1, (await RunAsync()).SalesDocuments);
        var saved = OData.Key(Assert.Single(OneC.All(Sales1C)), "Ref_Key");
        // What the database holds when the relay dies between 1C's answer and its own commit: the payment's item open and leased.
        await ExecAsync("""
            update onec_invoices set sales_ref_key = null where invoice_id = @id;
            update outbox set processed_at = null, locked_until = @until where aggregate_id = @id and kind = 'invoice.paid'
            """, new { id, until = Clock.GetUtcNow().UtcDateTime + RelayQueue.DefaultLease });

        Assert.Equal(0, (await RunAsync()).Claimed); // the dead relay's lease still holds
        Clock.Advance(RelayQueue.DefaultLease + TimeSpan.FromSeconds(1));
        var report = await RunAsync();

        Assert.Equal((1, 0), (report.Claimed, report.SalesDocuments)); // found by its base and adopted
        Assert.Equal(saved, OData.Key(Assert.Single(OneC.All(Sales1C)), "Ref_Key"));
        Assert.Equal(saved, await SalesKeyAsync(id));
        Assert.Equal(1, Posts(Sales1C));
    }

    [Fact]
    public async Task A_sales_document_given_up_on_is_created_once_by_sync_retry()
    {
        using var services = Build(("MaxAttempts", "2"));
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        await RunAsync(services);
        var number = await ScalarAsync<long>("select number from invoices where id = @id", new { id });
        await new PaymentBook(Database, Clock).RecordAsync(id, new PaymentInput(PaidOn, 1200m, "Банковский перевод"));
        OneC.FailNext(FakeFailure.Error500, times: 2, method: "POST", entity: Sales1C);

        Assert.Equal(1, (await RunAsync(services)).Failed);
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await RunAsync(services)).GaveUp);
        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await RunAsync(services)).Claimed); // given up stays given up
        var problem = Assert.Single(await new SyncProblems(Database).ListAsync());
        Assert.Equal(("gave_up", $"Fix the cause, then: backoffice sync retry {number}"), (problem.Kind, problem.Fix));
        Assert.Empty(OneC.All(Sales1C));

        Assert.Equal(1, await new RelayQueue(Database).RetryAsync(id, "test", Clock.GetUtcNow().UtcDateTime, default));
        Assert.Equal(1, (await RunAsync(services)).SalesDocuments);

        Assert.Single(OneC.All(Sales1C));
        Assert.Single(Documents1C());
        Assert.Empty(await new SyncProblems(Database).ListAsync());
    }

    [Fact]
    public async Task Without_the_option_a_paid_invoice_gets_no_sales_document()
    {
        using var off = Build(("CreateSalesDocuments", "false"));
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        await RunAsync(off);
        await new PaymentBook(Database, Clock).RecordAsync(id, new PaymentInput(PaidOn, 1200m, "Банковский перевод"));

        var report = await RunAsync(off);

        Assert.Equal((1, 0), (report.Claimed, report.SalesDocuments));
        Assert.Empty(OneC.All(Sales1C));
        Assert.DoesNotContain(OneC.Log, l => l.Contains(Sales1C, StringComparison.Ordinal)); // not even looked up
        Assert.Null(await SalesKeyAsync(id));
        Assert.Equal(0, await CountAsync("outbox", "destination = 'onec' and processed_at is null"));
    }

    [Fact]
    public async Task A_refund_marks_the_sales_document_for_deletion_once_even_when_the_answer_is_lost()
    {
        var (id, paymentId) = await PaidInvoiceAsync();
        await RunAsync();
        var sales = OData.Key(Assert.Single(OneC.All(Sales1C)), "Ref_Key")!.Value;
        var invoiceBefore = Document1C("ЛТ00-072815").ToJsonString();

        await new PaymentBook(Database, Clock).RefundAsync(paymentId, null, PaidOn.AddDays(1));
        Assert.Equal("refunded", await ScalarAsync<string>("select status from invoices where id = @id", new { id }));
        OneC.FailNext(FakeFailure.LoseAnswer, method: "PATCH", entity: Sales1C); // the mark is saved, the answer lost
        Assert.Equal(1, (await RunAsync()).Failed);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var refunded = await RunAsync();

        Assert.Equal(1, refunded.SalesMarked);
        Assert.True(OData.Bool(OneC.Find(Sales1C, sales), "DeletionMark"));
        Assert.Single(OneC.All(Sales1C));
        Assert.Null(await SalesKeyAsync(id));
        Assert.Equal(invoiceBefore, Document1C("ЛТ00-072815").ToJsonString()); // the buyer's invoice stays as it was: it was issued
        Assert.DoesNotContain(OneC.Log, l => l.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.Equal(0, (await RunAsync()).Claimed);
    }

    [Fact]
    public async Task A_partial_refund_marks_the_sales_document_and_paying_the_rest_brings_the_same_one_back()
    {
        var (id, paymentId) = await PaidInvoiceAsync();
        await RunAsync();
        var sales = OData.Key(Assert.Single(OneC.All(Sales1C)), "Ref_Key")!.Value;

        await new PaymentBook(Database, Clock).RefundAsync(paymentId, 200m, PaidOn.AddDays(1));
        Assert.Equal("unpaid", await ScalarAsync<string>("select status from invoices where id = @id", new { id }));
        Assert.Equal(1, (await RunAsync()).SalesMarked);
        Assert.True(OData.Bool(OneC.Find(Sales1C, sales), "DeletionMark"));
        Assert.False(OData.Bool(Document1C("ЛТ00-072815"), "DeletionMark"));

        await new PaymentBook(Database, Clock).RecordAsync(id, new PaymentInput(PaidOn.AddDays(3), 200m, "Банковский перевод"));
        var again = await RunAsync();

        Assert.Equal(0, again.SalesDocuments);
        var back = Assert.Single(OneC.All(Sales1C));
        Assert.Equal((sales, false, "2026-11-28T12:00:00"), (OData.Key(back, "Ref_Key")!.Value, OData.Bool(back, "DeletionMark"), OData.String(back, "Date")));
        Assert.Equal(sales, await SalesKeyAsync(id));
        Assert.Equal(1, Posts(Sales1C));
    }

    [Fact]
    public async Task A_credit_refund_sends_nothing_to_1c_and_leaves_the_invoice_sharing_its_id_alone()
    {
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        await RunAsync();
        await new PaymentBook(Database, Clock).RecordAsync(id, new PaymentInput(PaidOn, 1500m, "Банковский перевод")); // 300 to credit
        await RunAsync();
        var requests = OneC.Requests;
        var mirrored = await SnapshotAsync("onec_invoices");

        var refund = await new PaymentBook(Database, Clock).RefundCreditAsync(
            new CreditRefund(Fabrika, new DateOnly(2026, 11, 23), 300m, "Банковский перевод", "Переплата"), "treasury");
        // The credit refund's outbox row is keyed by the refund, not an invoice: point it at our invoice's id on purpose.
        await ExecAsync("update outbox set aggregate_id = @id where kind = 'credit.refunded' and aggregate_id = @refund", new { id, refund = refund.RefundId });
        var report = await RunAsync();

        Assert.Equal((1, 1), (report.Claimed, report.Unchanged));
        Assert.Equal(requests, OneC.Requests);
        Assert.Equal(mirrored, await SnapshotAsync("onec_invoices"));
        Assert.Equal(0, await CountAsync("outbox", "destination = 'onec' and processed_at is null"));
    }
}
