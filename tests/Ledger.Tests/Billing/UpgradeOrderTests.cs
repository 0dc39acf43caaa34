using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

public class UpgradeOrderTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly March4 = new(2019, 3, 4);

    OrderDesk Desk => new(Db, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
        // Paid through 31/07/2019: the seed's upgrade screen on 04/03/2019 shows 150 / 181 days.
        await ExecAsync(Db, "update services set next_due_date = '2019-08-01' where client_id = 7583 and next_due_date is not null");
    }

    static UpgradeOrder Users(int count) => new(20804, March4, new Dictionary<int, int> { [1] = count });

    [Fact]
    public async Task An_upgrade_invoices_the_prorated_difference_and_takes_effect_only_when_paid()
    {
        var order = await Desk.PlaceUpgradeAsync(Users(6));

        var invoice = await new InvoiceBook(Db, Clock).GetAsync(order.Order.InvoiceId!.Value);
        // 27360 × 150/181 − 22800 × 150/181 = 22674.03 − 18895.03
        var line = Assert.Single(invoice.Lines);
        Assert.Equal(("Смена пакета: Доступ на пользователя \"Стандарт\" — Количество пользователей: 5 → 6 (04/03/2019 - 31/07/2019)", 3779.00m),
            (line.Description, line.Amount));
        Assert.Equal(("upgrade", "unpaid", First), (invoice.Invoice.Kind, invoice.Invoice.Status, invoice.Invoice.Number!.Value));
        Assert.Equal(5, await ScalarAsync<int>(Db, "select quantity from service_options where service_id = 20804 and option_id = 1"));

        await new PaymentBook(Db, Clock).RecordAsync(invoice.Invoice.Id, new PaymentInput(March4, 3779.00m, "Банковский перевод"));

        Assert.Equal(6, await ScalarAsync<int>(Db, "select quantity from service_options where service_id = 20804 and option_id = 1"));
        Assert.Equal(new DateOnly(2019, 8, 1), await ScalarAsync<DateOnly>(Db, "select next_due_date from services where id = 20804"));
        Assert.Equal("Δ 5-6", await ScalarAsync<string>(Db, "select payload->>'delta' from outbox where kind = 'service.upgrade_paid'"));
    }

    [Fact]
    public async Task A_downgrade_applies_at_once_and_its_difference_goes_to_credit()
    {
        await Desk.PlaceUpgradeAsync(Users(4));

        Assert.Equal(4, await ScalarAsync<int>(Db, "select quantity from service_options where service_id = 20804 and option_id = 1"));
        // 22800 × 150/181 − 18240 × 150/181 = 18895.03 − 15116.02
        Assert.Equal(3779.01m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));
        Assert.Equal(0, await CountAsync("invoices"));
        Assert.Equal("Δ 5-4", await ScalarAsync<string>(Db, "select payload->>'delta' from outbox where kind = 'service.upgrade_paid'"));
    }

    [Fact]
    public async Task A_second_change_while_one_waits_for_payment_and_bad_quantities_are_refused_and_nothing_changes()
    {
        var first = await Desk.PlaceUpgradeAsync(Users(6));
        var before = await SnapshotAsync(All);

        Assert.Equal($"Service #20804 already has a change waiting for payment (order {first.Order.OrderNumber}); pay or cancel it first.",
            (await Assert.ThrowsAsync<Conflict>(() => Desk.PlaceUpgradeAsync(Users(7)))).Message);
        Assert.Equal("The quantity of option #1 cannot be negative: -1.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Desk.PlaceUpgradeAsync(Users(-1)))).Message);
        Assert.Equal("There is no service #1.",
            (await Assert.ThrowsAsync<NotFound>(() => Desk.PlaceUpgradeAsync(Users(7) with { ServiceId = 1 }))).Message);
        Assert.Equal("Option #2 is not an option of БИТ:Отель 8. ПРОФ.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Desk.PlaceUpgradeAsync(Users(7) with { ServiceId = 20806, Options = new Dictionary<int, int> { [2] = 1 } }))).Message);
        Assert.Equal("The order changes nothing: service #20805 already has these quantities.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Desk.PlaceUpgradeAsync(Users(5) with { ServiceId = 20805, Options = new Dictionary<int, int> { [2] = 5 } }))).Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task Cancelling_the_upgrade_order_cancels_its_invoice_and_the_waiting_change()
    {
        var order = await Desk.PlaceUpgradeAsync(Users(6));

        await Desk.CancelAsync(order.Order.Id);

        Assert.Equal("cancelled", await ScalarAsync<string>(Db, "select status from service_changes"));
        Assert.Equal("cancelled", await ScalarAsync<string>(Db, $"select status from invoices where id = {order.Order.InvoiceId}"));
        Assert.Equal("active", await ScalarAsync<string>(Db, "select status from services where id = 20804"));
        Assert.Equal(5, await ScalarAsync<int>(Db, "select quantity from service_options where service_id = 20804 and option_id = 1"));
    }
}
