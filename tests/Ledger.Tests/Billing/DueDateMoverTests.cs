using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

public class DueDateMoverTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Dec1 = new(2026, 12, 1), Jan1 = new(2027, 1, 1);

    DueDateMover Mover => new(Db, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
        await ExecAsync(Db, "update services set next_due_date = '2026-12-01' where client_id = 7583 and next_due_date is not null");
    }

    [Fact]
    public async Task A_prorata_invoice_bills_each_service_from_its_old_due_date_to_the_day_before_the_new_one()
    {
        var result = await Mover.MoveAsync(new DueDateMove(7583, [20804, 20805], Jan1));

        var invoice = await new InvoiceBook(Db, Clock).GetAsync(result.InvoiceId!.Value);
        Assert.Equal(("prorata", "unpaid", First), (invoice.Invoice.Kind, invoice.Invoice.Status, invoice.Invoice.Number!.Value));
        // 31 days of the half-year 01/12/2026 – 31/05/2027 (182 days).
        Assert.Equal(
        [
            ("Доступ на пользователя \"Стандарт\" (01/12/2026 - 31/12/2026)", Money.Round(22800m * 31 / 182), true),
            ("Пакет лицензий 1С в аренду (01/12/2026 - 31/12/2026)", Money.Round(12825m * 31 / 182), true),
        ], invoice.Lines.Select(l => (l.Description, l.Amount, l.BillsPeriod)));
        Assert.Equal([Jan1, Jan1, Dec1], await QueryAsync<DateOnly>(Db, "select next_due_date from services where id in (20804, 20805, 20806) order by id"));

        await new PaymentBook(Db, Clock).RecordAsync(invoice.Invoice.Id, new PaymentInput(Dec1, invoice.Invoice.Total, "Банковский перевод"));
        Assert.Equal(Jan1, await ScalarAsync<DateOnly>(Db, "select next_due_date from services where id = 20804"));
    }

    [Fact]
    public async Task Without_a_prorata_invoice_only_the_dates_move()
    {
        var result = await Mover.MoveAsync(new DueDateMove(7583, [20806], new DateOnly(2026, 11, 25), ProrataInvoice: false));

        Assert.Null(result.InvoiceId);
        Assert.Equal(new DateOnly(2026, 11, 25), await ScalarAsync<DateOnly>(Db, "select next_due_date from services where id = 20806"));
        Assert.Equal(0, await CountAsync("invoices"));
    }

    [Fact]
    public async Task A_move_into_the_past_is_refused_and_nothing_changes()
    {
        var before = await SnapshotAsync(All);

        var e = await Assert.ThrowsAsync<InvalidInput>(() => Mover.MoveAsync(new DueDateMove(7583, [20804], new DateOnly(2026, 11, 22))));

        Assert.Equal("The new due date 22/11/2026 is in the past (today is 23/11/2026); a due date only moves forward from today.", e.Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task Other_bad_moves_are_refused_and_nothing_changes()
    {
        var before = await SnapshotAsync(All);

        Assert.Equal("The new due date 24/11/2026 must be after the current one 01/12/2026.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Mover.MoveAsync(new DueDateMove(7583, [20804], new DateOnly(2026, 11, 24))))).Message);
        Assert.Equal("Service #25355 belongs to client #4314, not #7583.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Mover.MoveAsync(new DueDateMove(7583, [20804, 25355], Jan1)))).Message);
        Assert.Equal("Service #21063 (Час работы администратора) is not a live recurring service; it has no due date to move.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Mover.MoveAsync(new DueDateMove(7583, [21063], Jan1)))).Message);
        Assert.Equal("There is no service #5.",
            (await Assert.ThrowsAsync<NotFound>(() => Mover.MoveAsync(new DueDateMove(7583, [5], Jan1)))).Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task A_period_already_billed_by_a_renewal_must_be_cancelled_first_and_the_refusal_names_it()
    {
        var renewal = await new RenewalInvoicer(Db, Clock).RunAsync(new DateOnly(2026, 11, 23));
        var before = await SnapshotAsync(All);

        var e = await Assert.ThrowsAsync<Conflict>(() => Mover.MoveAsync(new DueDateMove(7583, [20804], Jan1)));

        Assert.Equal($"Service #20804's period 01/12/2026 - 31/05/2027 is already billed (invoice № {renewal.InvoiceNumbers[0]}, unpaid); " +
                     "moving the due date to 01/01/2027 would bill those days again. Cancel that invoice first.", e.Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task A_move_without_a_prorata_invoice_that_slides_under_a_billed_period_is_refused_with_the_period_named()
    {
        var renewal = await new RenewalInvoicer(Db, Clock).RunAsync(new DateOnly(2026, 11, 23));
        var before = await SnapshotAsync(All);

        // Today the renewal bills 01/12/2026 - 31/05/2027; due on 01/01/2027 the next renewal would bill January to May again.
        var e = await Assert.ThrowsAsync<Conflict>(() => Mover.MoveAsync(new DueDateMove(7583, [20805], Jan1, ProrataInvoice: false)));

        Assert.Equal($"Service #20805's period 01/12/2026 - 31/05/2027 is already billed (invoice № {renewal.InvoiceNumbers[0]}, unpaid); " +
                     "moving the due date to 01/01/2027 would bill those days again. Cancel that invoice first.", e.Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task A_move_of_two_sellers_services_issues_one_prorata_invoice_per_seller()
    {
        await ExecAsync(Db, """
            insert into services (id, client_id, product_id, registration_date, billing_cycle, next_due_date, status)
            values (20900, 7583, 7, '2025-12-01', 'annual', '2026-12-01', 'active')
            """);

        var result = await Mover.MoveAsync(new DueDateMove(7583, [20804, 20900], Jan1));

        Assert.Equal(2, result.Invoices.Count);
        var invoices = await QueryAsync<(int Organisation, decimal? VatRate, int Lines, int Service)>(Db, """
            select i.organisation_id, i.vat_rate, count(*)::int, min(l.service_id) from invoices i join invoice_lines l on l.invoice_id = i.id
            group by i.id order by i.organisation_id
            """);
        Assert.Equal([(1, (decimal?)null, 1, 20804), (2, 22m, 1, 20900)], invoices);
        Assert.Equal([Jan1, Jan1], await QueryAsync<DateOnly>(Db, "select next_due_date from services where id in (20804, 20900) order by id"));
    }
}
