using System.Text.Json.Nodes;
using BackOffice.Ledger.Billing;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;

namespace BackOffice.Sync.Tests.Accounting;

public class RelayTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    [Fact]
    public async Task A_published_invoice_is_created_in_1c_under_the_same_number_on_the_clients_contractor_and_its_key_recorded()
    {
        var lines = new[]
        {
            new InvoiceLine(LineKind.Manual, "Час работы администратора", 6000.00m) { Quantity = 2, UnitPrice = 3000.00m, ProductId = 5 },
            new InvoiceLine(LineKind.Manual, "Выезд инженера", 10.03m),
            new InvoiceLine(LineKind.Manual, "Скидка", -0.03m),
        };
        var (id, number) = await PublishAsync(Fabrika, 0, Formula, lines);

        var report = await RunAsync();

        Assert.Equal((1, 1), (report.Claimed, report.Created));
        Assert.Equal(72815, number);
        var doc = Document1C("ЛТ00-072815");
        Assert.Equal("2026-11-23T09:00:00", doc["Date"]!.GetValue<string>()); // published at 06:00 UTC: 09:00 in Moscow
        Assert.Equal((FormulaKey, Contractors[Fabrika]), (OData.Key(doc, "Организация_Key")!.Value, OData.Key(doc, "Контрагент_Key")!.Value));
        Assert.NotNull(OData.Key(doc, "ДоговорКонтрагента_Key"));
        var invoice = await new InvoiceBook(Database, Clock).GetAsync(id);
        Assert.Equal(6010.00m, OData.Decimal(doc, "СуммаДокумента"));
        var rows = doc["Товары"]!.AsArray().Select(r => (
            OData.String(r, "LineNumber"), OData.String(r, "Содержание"), OData.Decimal(r, "Количество"), OData.Decimal(r, "Цена"),
            OData.Decimal(r, "СуммаСкидки"), OData.Decimal(r, "Сумма"), OData.String(r, "СтавкаНДС"), OData.Decimal(r, "СуммаНДС"))).ToArray();
        Assert.Equal([
            ("1", "Час работы администратора", 2m, 3000.00m, 0m, 6000.00m, "НДС22", 1081.97m),
            ("2", "Выезд инженера", 1m, 10.03m, 0.03m, 10.00m, "НДС22", 1.80m)], rows);
        Assert.Equal((invoice.Invoice.Total, invoice.Invoice.VatAmount), (rows.Sum(r => r.Item6), rows.Sum(r => r.Item8)));

        var key = OData.Key(doc, "Ref_Key")!.Value;
        Assert.Equal(key, await ScalarAsync<Guid>("select onec_key from invoices where id = @id", new { id }));
        Assert.Equal(key, await ScalarAsync<Guid>("select ref_key from onec_invoices where invoice_id = @id", new { id }));
        Assert.Equal(0, await CountAsync("outbox", "destination = 'onec' and processed_at is null"));

        var again = await RunAsync();
        Assert.Equal(0, again.Claimed);
        Assert.Equal(1, Posts());
    }

    [Fact]
    public async Task A_cancelled_invoice_gets_the_deletion_mark_and_is_never_deleted()
    {
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        await RunAsync();
        await new InvoiceBook(Database, Clock).CancelAsync(id);

        var report = await RunAsync();

        Assert.Equal(1, report.Updated);
        var doc = Document1C("ЛТ00-072815");
        Assert.True(OData.Bool(doc, "DeletionMark"));
        Assert.Equal("1", OData.String(doc["Товары"]![0], "LineNumber"));
        Assert.DoesNotContain(OneC.Log, l => l.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.Equal(1, Posts());
        Assert.True(await ScalarAsync<bool>("select deleted from onec_invoices where invoice_id = @id", new { id }));
    }

    [Fact]
    public async Task An_edit_patches_the_whole_goods_section_with_line_numbers_and_resends_the_number()
    {
        var (id, _) = await PublishAsync(SetOteley, 0, "Безналичный платеж",
            new InvoiceLine(LineKind.Manual, "Аренда сервера", 3000m), new InvoiceLine(LineKind.Manual, "Резервное копирование", 500m));
        await RunAsync();
        // Billing today edits only drafts; the relay follows any change of a published invoice the same way.
        await ExecAsync("""
            update invoice_lines set amount = 2500, description = 'Аренда сервера (частичный месяц)' where invoice_id = @id and line_no = 1;
            insert into invoice_lines (invoice_id, line_no, kind, description, amount) values (@id, 3, 'manual', 'Дополнительный IP', 300);
            update invoices set subtotal = 3300, total = 3300 where id = @id;
            insert into outbox (destination, kind, aggregate_id, payload) values ('onec', 'invoice.edited', @id, '{}');
            """, new { id });

        var report = await RunAsync();

        Assert.Equal(1, report.Updated);
        var patch = Assert.Single(OneC.Log, l => l.StartsWith("PATCH", StringComparison.Ordinal));
        Assert.Contains($"(guid'{await ScalarAsync<Guid>("select onec_key from invoices where id = @id", new { id })}')", patch);
        var doc = Document1C("ЛТ00-072815");
        Assert.Equal([("1", 2500m), ("2", 500m), ("3", 300m)],
            doc["Товары"]!.AsArray().Select(r => (OData.String(r, "LineNumber"), OData.Decimal(r, "Сумма"))).ToArray());
        Assert.Equal(3300m, OData.Decimal(doc, "СуммаДокумента"));
        Assert.Single(Documents1C());
    }

    [Fact]
    public async Task Changes_of_one_invoice_go_in_order_and_an_unchanged_invoice_is_not_sent_again()
    {
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        await new InvoiceBook(Database, Clock).CancelAsync(id);

        var first = await RunAsync();

        // Published then cancelled before the relay ran: one document, created with the deletion mark, both items closed.
        Assert.Equal((1, 1), (first.Claimed, first.Created));
        Assert.True(OData.Bool(Document1C("ЛТ00-072815"), "DeletionMark"));
        Assert.Equal(0, await CountAsync("outbox", "destination = 'onec' and processed_at is null"));

        await ExecAsync("insert into outbox (destination, kind, aggregate_id, payload) values ('onec', 'invoice.collections', @id, '{}')", new { id });
        var second = await RunAsync();
        Assert.Equal(1, second.Unchanged);
        Assert.DoesNotContain(OneC.Log, l => l.StartsWith("PATCH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_existing_document_with_the_number_contractor_and_total_is_adopted_not_doubled()
    {
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        var existing = OneC.Add(Invoices1C, new JsonObject
        {
            ["Number"] = "ЛТ00-072815", ["Date"] = "2026-11-23T08:00:00", ["Контрагент_Key"] = Contractors[Fabrika].ToString(), ["СуммаДокумента"] = 1200,
        });

        var report = await RunAsync();

        Assert.Equal(1, report.Adopted);
        Assert.Equal(0, Posts());
        Assert.Equal(existing, await ScalarAsync<Guid>("select onec_key from invoices where id = @id", new { id }));
        Assert.Single(Documents1C());
        Assert.Equal("Настройка сервера", OData.String(Document1C("ЛТ00-072815")["Товары"]![0], "Содержание"));
    }

    [Fact]
    public async Task A_failing_invoice_backs_off_while_the_others_go_and_is_given_up_after_max_attempts()
    {
        using var services = Build(("MaxAttempts", "3"), ("RetryDelaySeconds", "60"), ("Concurrency", "1"));
        var (failingId, _) = await PublishAsync(Fabrika, 100m);
        await PublishAsync(SetOteley, 200m);

        OneC.FailNext(FakeFailure.Error500, method: "POST", entity: Invoices1C);
        var first = await RunAsync(services);
        Assert.Equal((2, 1, 1), (first.Claimed, first.Failed, first.Created));
        Assert.Equal("ЛТ00-072816", Assert.Single(Documents1C())["Number"]!.GetValue<string>());

        Assert.Equal(0, (await RunAsync(services)).Claimed); // backing off for 60 s
        Clock.Advance(TimeSpan.FromSeconds(61));
        OneC.FailNext(FakeFailure.Error500, method: "POST", entity: Invoices1C);
        Assert.Equal(1, (await RunAsync(services)).Failed);
        Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, (await RunAsync(services)).Claimed); // the second pause is twice as long
        Clock.Advance(TimeSpan.FromSeconds(60));
        OneC.FailNext(FakeFailure.Error500, method: "POST", entity: Invoices1C);
        Assert.Equal(1, (await RunAsync(services)).GaveUp);
        Assert.Equal("1C answered with an error (HTTP 500, code -1: «Произошла внутренняя ошибка OData сервиса. Дополнительные сведения можно найти в технологическом журнале.»).",
            await ScalarAsync<string>("select last_error from outbox where aggregate_id = @failingId and gave_up_at is not null and attempts = 3", new { failingId }));
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await RunAsync(services)).Claimed); // given up: nothing retries it by itself

        Assert.Equal(1, await new RelayQueue(Database).RetryAsync(failingId, "test", Clock.GetUtcNow().UtcDateTime, default));
        Assert.Equal(1, (await RunAsync(services)).Created);
        Assert.Equal(2, Documents1C().Count);
        Assert.Equal(5, Posts()); // three failed, one for the other invoice, one after the retry
    }
}
