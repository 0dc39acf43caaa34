using BackOffice.Ledger.Billing;

namespace BackOffice.Ledger.Tests.Billing;

public class ProrationTests
{
    static readonly BillingPeriod Main = BillingPeriod.Starting(new DateOnly(2019, 2, 1), BillingCycle.SemiAnnual);
    static readonly DateOnly UpgradeDay = new(2019, 3, 4);

    [Fact]
    public void A_whole_period_costs_the_whole_price()
    {
        Assert.Equal(22800.00m, Proration.Amount(22800m, Main));
    }

    [Fact]
    public void The_rest_of_a_period_costs_price_times_days_over_cycle_days()
    {
        Assert.Equal(3779.01m, Proration.Amount(4560m, Main.From(UpgradeDay))); // 4560 × 150 / 181 = 3779.0055
    }

    [Fact]
    public void A_half_kopeck_rounds_away_from_zero()
    {
        var april = BillingPeriod.Starting(new DateOnly(2025, 4, 1), BillingCycle.Monthly);
        Assert.Equal(5.01m, Proration.Amount(10.01m, april.From(new DateOnly(2025, 4, 16)))); // 10.01 × 15 / 30 = 5.005
    }

    [Fact]
    public void A_cycle_change_prorates_the_new_cycles_price_over_the_same_days_against_the_new_cycles_length()
    {
        // Semi-annual 22800 → monthly 4000 and annual 45600 on 04/03/2019: the month and the year that end on 31/07/2019.
        var monthly = Proration.Change(22800m, 4000m, Main, UpgradeDay, BillingCycle.Monthly);
        var annual = Proration.Change(22800m, 45600m, Main, UpgradeDay, BillingCycle.Annual);

        Assert.Equal((31, 365), (Main.From(UpgradeDay).Over(BillingCycle.Monthly).CycleDays, Main.From(UpgradeDay).Over(BillingCycle.Annual).CycleDays));
        Assert.Equal((18895.03m, 19354.84m, 459.81m), (monthly.Credit, monthly.Charge, monthly.ToPay));   // 4000 × 150 / 31
        Assert.Equal((18895.03m, 18739.73m, 155.30m), (annual.Credit, annual.Charge, annual.ToCredit));  // 45600 × 150 / 365
        Assert.Equal((150, 181), (monthly.Period.Days, monthly.Period.CycleDays));
    }

    [Fact]
    public void Upgrade_from_5_to_6_users_on_the_seed_screen_date()
    {
        var change = Proration.Change(5 * 4560m, 6 * 4560m, Main, UpgradeDay);

        Assert.Equal((150, 181), (change.Period.Days, change.Period.CycleDays));
        Assert.Equal((18895.03m, 22674.03m, 3779.00m), (change.Credit, change.Charge, change.Difference));
        Assert.Equal((3779.00m, 0m), (change.ToPay, change.ToCredit));

        var line = change.ToLine(20804, 1, "Доступ на пользователя \"Стандарт\" — Количество пользователей: 5 → 6");
        Assert.Equal("Смена пакета: Доступ на пользователя \"Стандарт\" — Количество пользователей: 5 → 6 (04/03/2019 - 31/07/2019)", line.Description);
        Assert.Equal((LineKind.Upgrade, 3779.00m, false), (line.Kind, line.Amount, line.BillsPeriod));
    }

    [Fact]
    public void A_downgrade_goes_to_credit()
    {
        var change = Proration.Change(5 * 4560m, 4 * 4560m, Main, UpgradeDay);

        Assert.Equal((18895.03m, 15116.02m, -3779.01m), (change.Credit, change.Charge, change.Difference));
        Assert.Equal((0m, 3779.01m), (change.ToPay, change.ToCredit));
    }

    [Fact]
    public void A_prorata_invoice_line_moves_the_next_due_date()
    {
        var line = Proration.DueDateMove(20804, 1, "Доступ на пользователя \"Стандарт\"", BillingCycle.Monthly, 800m,
            new DateOnly(2019, 2, 1), new DateOnly(2019, 2, 15));

        Assert.Equal(("Доступ на пользователя \"Стандарт\" (01/02/2019 - 14/02/2019)", 400.00m, LineKind.Prorata), (line.Description, line.Amount, line.Kind));
        Assert.Equal((new DateOnly(2019, 2, 1), new DateOnly(2019, 2, 14), true), (line.PeriodStart!.Value, line.PeriodEnd!.Value, line.BillsPeriod));

        var semi = Proration.DueDateMove(20804, 1, "X", BillingCycle.SemiAnnual, 4560m, new DateOnly(2019, 2, 1), new DateOnly(2019, 3, 1));
        Assert.Equal(705.41m, semi.Amount); // 4560 × 28 / 181
    }

    [Fact]
    public void A_negative_price_is_refused()
    {
        Assert.Equal("price", Assert.Throws<InvalidInput>(() => Proration.Amount(-1m, Main)).Field);
        Assert.Throws<InvalidInput>(() => Proration.Change(-1m, 100m, Main, UpgradeDay));
    }
}
