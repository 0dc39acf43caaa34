using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>Upgrade orders that move a service to another product and/or billing cycle (issue 4, SPEC §1).</summary>
public class ProductCycleChangeTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly March4 = new(2019, 3, 4);
    const int Users = 20804; // Доступ на пользователя "Стандарт", 5 users, semi-annual 22800.00
    const int Disk = 3;      // Пакет дискового пространства 5ГБ, option #5 at 360.00 per half-year

    OrderDesk Desk => new(Db, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
        // Paid through 31/07/2019: from 04/03/2019 150 of the period's 181 days are left.
        await ExecAsync(Db, "update services set next_due_date = '2019-08-01' where client_id = 7583 and next_due_date is not null");
    }

    static UpgradeOrder Change(int service = Users, int? product = null, BillingCycle? cycle = null, Dictionary<int, int>? options = null) =>
        new(service, March4, options ?? []) { NewProductId = product, NewCycle = cycle };

    async Task<InvoiceView> PayAsync(OrderView order)
    {
        var invoices = new InvoiceBook(Db, Clock);
        var invoice = await invoices.GetAsync(order.Order.InvoiceId!.Value);
        await new PaymentBook(Db, Clock).RecordAsync(invoice.Invoice.Id, new PaymentInput(March4, invoice.Invoice.Total, "Банковский перевод"));
        return invoice;
    }

    [Fact]
    public async Task Moving_to_another_product_invoices_the_prorated_difference_and_applies_product_and_options_when_paid()
    {
        var order = await Desk.PlaceUpgradeAsync(Change(product: Disk, options: new() { [5] = 100 }));

        var invoice = await new InvoiceBook(Db, Clock).GetAsync(order.Order.InvoiceId!.Value);
        // 36000 × 150/181 − 22800 × 150/181 = 29834.25 − 18895.03
        var line = Assert.Single(invoice.Lines);
        Assert.Equal(("Смена пакета: Доступ на пользователя \"Стандарт\" → Пакет дискового пространства 5ГБ — Пакет дискового пространства 5ГБ: 0 → 100 (04/03/2019 - 31/07/2019)",
            10939.22m, (int?)Disk), (line.Description, line.Amount, line.ProductId));
        Assert.Equal(1, await ScalarAsync<int>(Db, $"select product_id from services where id = {Users}"));

        await PayAsync(order);

        Assert.Equal((Disk, "semiannual", 36000.00m, new DateOnly(2019, 8, 1)), Assert.Single(await QueryAsync<(int, string, decimal, DateOnly)>(Db,
            $"select product_id, billing_cycle, recurring_amount, next_due_date from services where id = {Users}")));
        Assert.Equal(["5:100"], await QueryAsync<string>(Db, $"select option_id || ':' || quantity from service_options where service_id = {Users}"));
        var payload = await QueryAsync<(string, string, string)>(Db,
            "select payload->'productBefore'->>'name', payload->'productAfter'->>'name', payload->>'delta' from outbox where kind = 'service.upgrade_paid'");
        Assert.Equal(("Доступ на пользователя \"Стандарт\"", "Пакет дискового пространства 5ГБ",
            "Доступ на пользователя \"Стандарт\" → Пакет дискового пространства 5ГБ; Пакет дискового пространства 5ГБ: Δ 0-100; Количество пользователей: Δ 5-0"),
            Assert.Single(payload));
    }

    [Fact]
    public async Task A_shorter_cycle_charges_its_price_over_the_same_remaining_days_and_keeps_the_next_due_date()
    {
        var order = await Desk.PlaceUpgradeAsync(Change(cycle: BillingCycle.Monthly));

        var invoice = await new InvoiceBook(Db, Clock).GetAsync(order.Order.InvoiceId!.Value);
        // Monthly 4000 × 150 days / 31 (the month that ends with the period) − 22800 × 150/181 = 19354.84 − 18895.03
        var line = Assert.Single(invoice.Lines);
        Assert.Equal(("Смена пакета: Доступ на пользователя \"Стандарт\", Полугодично → Ежемесячно (04/03/2019 - 31/07/2019)", 459.81m),
            (line.Description, line.Amount));
        Assert.Equal("semiannual", await ScalarAsync<string>(Db, $"select billing_cycle from services where id = {Users}"));

        await PayAsync(order);

        Assert.Equal(("monthly", 4000.00m, new DateOnly(2019, 8, 1)), Assert.Single(await QueryAsync<(string, decimal, DateOnly)>(Db,
            $"select billing_cycle, recurring_amount, next_due_date from services where id = {Users}")));
        Assert.Equal(5, await ScalarAsync<int>(Db, $"select quantity from service_options where service_id = {Users} and option_id = 1"));
        Assert.Equal("Полугодично → Ежемесячно", await ScalarAsync<string>(Db, "select payload->>'delta' from outbox where kind = 'service.upgrade_paid'"));
    }

    [Fact]
    public async Task A_cheaper_longer_cycle_is_a_downgrade_that_applies_at_once_with_the_difference_to_credit()
    {
        await Desk.PlaceUpgradeAsync(Change(cycle: BillingCycle.Annual));

        // 22800 × 150/181 − annual 45600 × 150/365 = 18895.03 − 18739.73
        Assert.Equal(155.30m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));
        Assert.Equal(("annual", 45600.00m, new DateOnly(2019, 8, 1)), Assert.Single(await QueryAsync<(string, decimal, DateOnly)>(Db,
            $"select billing_cycle, recurring_amount, next_due_date from services where id = {Users}")));
        Assert.Equal(0, await CountAsync("invoices"));
        Assert.Equal(("semiannual", "annual"), Assert.Single(await QueryAsync<(string, string)>(Db,
            "select payload->>'cycleBefore', payload->>'cycleAfter' from outbox where kind = 'service.upgrade_paid'")));
    }

    [Fact]
    public async Task A_paid_quantity_upgrade_recomputes_the_recurring_amount_from_the_catalogue()
    {
        await PayAsync(await Desk.PlaceUpgradeAsync(Change(options: new() { [1] = 6 })));

        Assert.Equal(27360.00m, await ScalarAsync<decimal>(Db, $"select recurring_amount from services where id = {Users}"));
    }

    [Fact]
    public async Task Moving_to_a_product_the_promo_code_is_not_for_drops_the_promo_code()
    {
        // The hotel licence (13380 per half-year, REF5 for it only) → 50 disk packs (18000): 14917.13 − 11088.40
        var order = await Desk.PlaceUpgradeAsync(Change(service: 20806, product: Disk, options: new() { [5] = 50 }));
        Assert.Equal(3828.73m, order.Order.Amount);

        await PayAsync(order);

        Assert.Equal((Disk, (int?)null, 18000.00m), Assert.Single(await QueryAsync<(int, int?, decimal)>(Db,
            "select product_id, promo_code_id, recurring_amount from services where id = 20806")));
    }

    [Fact]
    public async Task A_next_period_already_invoiced_on_the_old_cycle_must_be_cancelled_first_and_renews_on_the_new_cycle_after()
    {
        var july20 = new DateOnly(2019, 7, 20);
        await new RenewalInvoicer(Db, Clock).RunAsync(july20);
        var renewal = await ScalarAsync<long>(Db, "select invoice_id from invoice_lines where service_id = 20804 and bills_period");
        var number = await ScalarAsync<long>(Db, $"select number from invoices where id = {renewal}");
        var before = await SnapshotAsync(All);

        var e = await Assert.ThrowsAsync<Conflict>(() => Desk.PlaceUpgradeAsync(Change(cycle: BillingCycle.Monthly) with { Date = july20 }));

        Assert.Equal($"Service #20804's period 01/08/2019 - 31/01/2020 is already invoiced on the old product and cycle (invoice № {number}, unpaid); " +
                     "cancel that invoice before changing the product or cycle.", e.Message);
        Assert.Equal(before, await SnapshotAsync(All));

        await new InvoiceBook(Db, Clock).CancelAsync(renewal);
        var order = await Desk.PlaceUpgradeAsync(Change(cycle: BillingCycle.Monthly) with { Date = july20 });
        // 4000 × 12/31 − 22800 × 12/181 = 1548.39 − 1511.60
        Assert.Equal(36.79m, order.Order.Amount);
        await PayAsync(order);
        await new RenewalInvoicer(Db, Clock).RunAsync(july20);

        Assert.Equal((new DateOnly(2019, 8, 31), 4000.00m), Assert.Single(await QueryAsync<(DateOnly, decimal)>(Db,
            "select period_end, amount from invoice_lines where service_id = 20804 and bills_period")));
    }

    public static TheoryData<string, UpgradeOrder, string> BadChanges => new()
    {
        { "NotFound", Change(product: 404), "There is no product #404." },
        { "InvalidInput", Change(product: 5), "Час работы администратора is sold once (one_time); service #20804 can only move to a product sold by subscription." },
        { "InvalidInput", Change(product: 6), "Ваш менеджер по облакам is sold free of charge (free); service #20804 can only move to a product sold by subscription." },
        { "Conflict", Change(product: 2, options: new() { [2] = 5 }),
            "Client #7583 already holds Пакет лицензий 1С в аренду as service #20805; upgrade service #20805 instead of moving service #20804 to it." },
        { "InvalidInput", Change(product: 7), "1С-Отчетность (тариф Полный) has no price for the cycle «Полугодично» in the catalogue." },
        { "InvalidInput", Change(cycle: BillingCycle.Biennial), "Доступ на пользователя \"Стандарт\" has no price for the cycle «Раз в два года» in the catalogue." },
        { "InvalidInput", Change(service: 20806, cycle: BillingCycle.Monthly), "БИТ:Отель 8. ПРОФ has no price for the cycle «Ежемесячно» in the catalogue." },
        { "InvalidInput", Change(cycle: BillingCycle.OneTime),
            "A service can only move to a billing period (monthly, quarterly, semiannual, annual or biennial), not «Единожды»." },
        { "InvalidInput", Change(product: Disk, options: new() { [1] = 5 }), "Option #1 is not an option of Пакет дискового пространства 5ГБ." },
        { "InvalidInput", Change(product: 1, cycle: BillingCycle.SemiAnnual, options: new() { [1] = 5 }),
            "The order changes nothing: service #20804 is already Доступ на пользователя \"Стандарт\", «Полугодично», with these quantities." },
        { "InvalidInput", Change(product: Disk, options: new() { [5] = -1 }), "The quantity of option #5 cannot be negative: -1." },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task A_bad_product_or_cycle_change_is_refused_with_a_clear_error_and_nothing_changes(string error, UpgradeOrder change, string message)
    {
        var before = await SnapshotAsync(All);

        var e = await Assert.ThrowsAnyAsync<LedgerError>(() => Desk.PlaceUpgradeAsync(change));

        Assert.Equal((error, message), (e.GetType().Name, e.Message));
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task A_product_another_service_is_moving_to_cannot_be_moved_to_or_ordered_again_until_that_change_is_settled()
    {
        var first = await Desk.PlaceUpgradeAsync(Change(product: Disk, options: new() { [5] = 100 }));
        var before = await SnapshotAsync(All);

        Assert.Equal($"Service #20804 of client #7583 is already moving to Пакет дискового пространства 5ГБ (order {first.Order.OrderNumber}, waiting for payment); service #20805 cannot move to it too.",
            (await Assert.ThrowsAsync<Conflict>(() => Desk.PlaceUpgradeAsync(Change(service: 20805, product: Disk, options: new() { [5] = 1 })))).Message);
        Assert.Equal($"Service #20804 of client #7583 is moving to Пакет дискового пространства 5ГБ (order {first.Order.OrderNumber}, waiting for payment); pay or cancel that order instead of ordering a second service.",
            (await Assert.ThrowsAsync<Conflict>(() => Desk.PlaceAsync(new NewOrder(7583, March4, [new OrderItem(Disk, BillingCycle.SemiAnnual)])))).Message);
        Assert.Equal(before, await SnapshotAsync(All));

        await Desk.CancelAsync(first.Order.Id);
        await Desk.PlaceUpgradeAsync(Change(service: 20805, product: Disk, options: new() { [5] = 1 }));
    }
}
