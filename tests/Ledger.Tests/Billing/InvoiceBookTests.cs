using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

public class InvoiceBookTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Jan12 = new(2019, 1, 12), Feb1 = new(2019, 2, 1);

    InvoiceBook Book => new(Db, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
    }

    DraftInvoice Draft(params InvoiceLine[] lines) => new(7583, Formula, Jan12, Feb1, lines);

    [Fact]
    public async Task A_draft_takes_its_organisation_from_the_payment_method_and_has_no_number()
    {
        var draft = await Book.CreateDraftAsync(Draft(Line("Час работы администратора", 5900m), Line("Выезд", 1200m)));

        Assert.Equal(("draft", (long?)null, 2), (draft.Invoice.Status, draft.Invoice.Number, draft.Invoice.OrganisationId));
        Assert.Equal("ООО «Формула ИТ»", draft.OrganisationName);
        Assert.Equal((7100m, 7100m, (decimal?)20m, 1183.33m), (draft.Invoice.Subtotal, draft.Invoice.Total, draft.Invoice.VatRate, draft.Invoice.VatAmount));
        Assert.Equal(["Час работы администратора", "Выезд"], draft.Lines.Select(l => l.Description));
        Assert.Equal(0, await CountAsync("outbox"));
    }

    [Fact]
    public async Task Vat_follows_the_date_the_organisation_and_the_clients_exemption()
    {
        var in2026 = await Book.CreateDraftAsync(Draft(Line("Услуга", 12200m)) with { IssueDate = new(2025, 12, 20), DueDate = new(2026, 1, 1) });
        Assert.Equal(((decimal?)22m, 2200m), (in2026.Invoice.VatRate, in2026.Invoice.VatAmount));

        var cloud = await Book.CreateDraftAsync(Draft(Line("Услуга", 1000m)) with { PaymentMethod = Cloud });
        Assert.Equal(((decimal?)null, 0m, "Без НДС"), (cloud.Invoice.VatRate, cloud.Invoice.VatAmount, cloud.VatLabel));

        await ExecAsync(Db, "update clients set tax_exempt = true where id = 7583");
        var exempt = await Book.CreateDraftAsync(Draft(Line("Услуга", 1000m)));
        Assert.Null(exempt.Invoice.VatRate);
    }

    [Fact]
    public async Task Editing_a_draft_replaces_its_lines_and_recomputes_the_totals()
    {
        var draft = await Book.CreateDraftAsync(Draft(Line("Услуга", 1000m)));
        var edited = await Book.EditDraftAsync(draft.Invoice.Id, new DraftEdit
        {
            Lines = [Line("Услуга", 1000m), Line("Скидка", -100m), new InvoiceLine(LineKind.Option, "Пояснение", 50m) { AddsToTotal = false }],
            DueDate = new DateOnly(2019, 2, 15),
        });
        Assert.Equal((900m, new DateOnly(2019, 2, 15), 3), (edited.Invoice.Total, edited.Invoice.DueDate, edited.Lines.Count));
    }

    [Fact]
    public async Task Publishing_numbers_invoices_one_after_another_and_tells_1c_in_the_same_transaction()
    {
        var a = await Book.CreateDraftAsync(Draft(Line("A", 100m)));
        var b = await Book.CreateDraftAsync(Draft(Line("B", 200m)));

        var pb = await Book.PublishAsync(b.Invoice.Id);
        var pa = await Book.PublishAsync(a.Invoice.Id);

        Assert.Equal((First, "unpaid"), (pb.Invoice.Number!.Value, pb.Invoice.Status));
        Assert.Equal(First + 1, pa.Invoice.Number);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, pa.Invoice.PublishedAt!.Value, TimeSpan.FromSeconds(1));
        var events = await QueryAsync<(string, string, long, long)>(Db,
            "select destination, kind, aggregate_id, (payload->>'number')::bigint from outbox order by id");
        Assert.Equal([("onec", "invoice.published", b.Invoice.Id, First), ("onec", "invoice.published", a.Invoice.Id, First + 1)], events);

        var e = await Assert.ThrowsAsync<Conflict>(() => Book.PublishAsync(a.Invoice.Id));
        Assert.Equal($"Invoice № {First + 1} is already published (status unpaid).", e.Message);
        var e2 = await Assert.ThrowsAsync<Conflict>(() => Book.EditDraftAsync(a.Invoice.Id, new DraftEdit { Notes = "x" }));
        Assert.Contains("only drafts are edited", e2.Message);
    }

    [Fact]
    public async Task Twenty_concurrent_publishes_get_the_numbers_1_to_20_exactly()
    {
        var ids = new List<long>();
        for (var i = 0; i < 20; i++) ids.Add((await Book.CreateDraftAsync(Draft(Line($"Услуга {i}", 100m + i)))).Invoice.Id);

        var published = await Task.WhenAll(ids.Select(id => Task.Run(() => Book.PublishAsync(id))));

        Assert.Equal(Enumerable.Range(0, 20).Select(n => First + n), published.Select(p => p.Invoice.Number!.Value).Order());
        Assert.Equal(First + 19, await ScalarAsync<long>(Db, "select last_number from invoice_numbering"));
    }

    [Fact]
    public async Task Publishing_a_draft_without_lines_is_refused_and_changes_nothing()
    {
        var empty = await Book.CreateDraftAsync(Draft());
        var before = await SnapshotAsync(All);

        var e = await Assert.ThrowsAsync<InvalidInput>(() => Book.PublishAsync(empty.Invoice.Id));

        Assert.Equal($"Invoice draft #{empty.Invoice.Id} has no lines; add at least one before publishing it.", e.Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task A_draft_for_an_unknown_client_or_payment_method_or_with_dates_reversed_is_refused_and_nothing_is_stored()
    {
        var before = await SnapshotAsync(All);
        Assert.Equal("There is no client #99999.",
            (await Assert.ThrowsAsync<NotFound>(() => Book.CreateDraftAsync(Draft(Line("A", 1m)) with { ClientId = 99999 }))).Message);
        Assert.StartsWith("'Наличные' is not the payment method of any organisation; use one of: «Безналичный платеж»",
            (await Assert.ThrowsAsync<InvalidInput>(() => Book.CreateDraftAsync(Draft(Line("A", 1m)) with { PaymentMethod = "Наличные" }))).Message);
        Assert.Equal("The due date 11/01/2019 cannot be before the issue date 12/01/2019.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Book.CreateDraftAsync(Draft(Line("A", 1m)) with { DueDate = new(2019, 1, 11) }))).Message);
        Assert.Equal("Line 2 needs a description.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Book.CreateDraftAsync(Draft(Line("A", 1m), Line(" ", 1m))))).Message);
        Assert.Equal("There is no invoice with id 424242.", (await Assert.ThrowsAsync<NotFound>(() => Book.PublishAsync(424242))).Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task Cancelling_frees_the_billed_periods_tells_1c_and_the_number_is_never_reused()
    {
        var draft = await Book.CreateDraftAsync(Draft(new InvoiceLine(LineKind.Service, "Доступ (01/02/2019 - 31/07/2019)", 4560m)
        {
            ServiceId = 20804, PeriodStart = Feb1, PeriodEnd = new(2019, 7, 31), BillsPeriod = true,
        }));
        var published = await Book.PublishAsync(draft.Invoice.Id);

        var cancelled = await Book.CancelAsync(draft.Invoice.Id);

        Assert.Equal(("cancelled", First), (cancelled.Invoice.Status, cancelled.Invoice.Number!.Value));
        Assert.False(Assert.Single(cancelled.Lines).BillsPeriod);
        Assert.Equal(1, await CountAsync("outbox", $"kind = 'invoice.cancelled' and aggregate_id = {draft.Invoice.Id} and payload->>'number' = '{First}'"));
        var next = await Book.PublishAsync((await Book.CreateDraftAsync(Draft(Line("B", 5m)))).Invoice.Id);
        Assert.Equal(First + 1, next.Invoice.Number);
        Assert.Equal(published.Invoice.Id, (await Book.FindByNumberAsync(First)).Invoice.Id);

        var before = await SnapshotAsync(All);
        Assert.Equal($"Invoice № {First} is cancelled; only an unpaid invoice can be cancelled.",
            (await Assert.ThrowsAsync<Conflict>(() => Book.CancelAsync(draft.Invoice.Id))).Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task Credit_is_taken_when_publishing_unless_the_client_opted_out_and_a_covered_invoice_is_paid()
    {
        await ExecAsync(Db, "update clients set credit_balance = 300 where id = 7583; update clients set credit_balance = 300, apply_credit = false where id = 4314");
        var partly = await Book.PublishAsync((await Book.CreateDraftAsync(Draft(Line("A", 1000m)))).Invoice.Id);
        Assert.Equal((300m, 700m, "unpaid"), (partly.Invoice.CreditApplied, partly.Invoice.BalanceDue, partly.Invoice.Status));
        Assert.Equal(0m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));
        Assert.Equal(-300m, await ScalarAsync<decimal>(Db, $"select amount from credit_ledger where invoice_id = {partly.Invoice.Id}"));

        var kept = await Book.PublishAsync((await Book.CreateDraftAsync(Draft(Line("A", 100m)) with { ClientId = 4314 })).Invoice.Id);
        Assert.Equal((0m, "unpaid"), (kept.Invoice.CreditApplied, kept.Invoice.Status));

        await ExecAsync(Db, "update clients set credit_balance = 500 where id = 7583");
        var covered = await Book.PublishAsync((await Book.CreateDraftAsync(Draft(Line("A", 200m)))).Invoice.Id);
        Assert.Equal(("paid", (DateOnly?)Jan12, 0m), (covered.Invoice.Status, covered.Invoice.PaidDate, covered.Invoice.BalanceDue));
        Assert.Equal(300m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));

        await Book.CancelAsync(partly.Invoice.Id);
        Assert.Equal(600m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));
    }

    [Fact]
    public async Task An_invoice_reads_as_a_person_expects()
    {
        var draft = await Book.CreateDraftAsync(Draft(Line("Час работы администратора", 5900m)));
        var text = (await Book.PublishAsync(draft.Invoice.Id)).ToText();
        Assert.Contains($"Счёт № {First} (unpaid)", text);
        Assert.Contains("Клиент: #7583 ООО «Фабрика Бизнеса»", text);
        Assert.Contains("Час работы администратора", text);
        Assert.Contains("5 900,00", text);
        Assert.Contains("В том числе НДС 20%", text);
    }

    [Fact]
    public async Task A_draft_is_deleted_not_cancelled_and_a_published_invoice_is_never_deleted()
    {
        var draft = await Book.CreateDraftAsync(Draft(Line("A", 1m)));
        Assert.Contains("delete it instead", (await Assert.ThrowsAsync<Conflict>(() => Book.CancelAsync(draft.Invoice.Id))).Message);
        await Book.DeleteDraftAsync(draft.Invoice.Id);
        Assert.Equal(0, await CountAsync("invoices"));

        var other = await Book.PublishAsync((await Book.CreateDraftAsync(Draft(Line("A", 1m)))).Invoice.Id);
        Assert.Contains("a published number is never removed",
            (await Assert.ThrowsAsync<Conflict>(() => Book.DeleteDraftAsync(other.Invoice.Id))).Message);
    }
}
