using BackOffice.Ledger.Billing;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;

namespace BackOffice.Sync.Tests.Accounting;

public class SalesDocumentTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    [Fact]
    public async Task A_paid_invoice_gets_one_sales_document_based_on_it_even_when_the_answer_is_lost()
    {
        Setting("CreateSalesDocuments", "true");
        await Services.DisposeAsync();
        using var services = Build();
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        await RunAsync(services);
        Assert.Empty(OneC.All(Sales1C)); // unpaid: no sales document
        await new PaymentBook(Database, Clock).RecordAsync(id, new PaymentInput(new DateOnly(2026, 11, 25), 1200m, "Банковский перевод"));
        OneC.FailNext(FakeFailure.LoseAnswer, method: "POST", entity: Sales1C);

        Assert.Equal(1, (await RunAsync(services)).Failed);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await RunAsync(services);

        var sales = Assert.Single(OneC.All(Sales1C));
        var invoiceKey = await ScalarAsync<Guid>("select onec_key from invoices where id = @id", new { id });
        Assert.Equal(invoiceKey, OData.Key(sales, "СчетНаОплатуПокупателю_Key"));
        Assert.Equal(("2026-11-25T12:00:00", 1200m, "1"), (OData.String(sales, "Date"), OData.Decimal(sales, "СуммаДокумента"), OData.String(sales["Услуги"]![0], "LineNumber")));
        Assert.Equal(OData.Key(sales, "Ref_Key"), await ScalarAsync<Guid>("select sales_ref_key from onec_invoices where invoice_id = @id", new { id }));
        Assert.Single(Documents1C());
    }
}
