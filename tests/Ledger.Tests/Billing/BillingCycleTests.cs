using BackOffice.Ledger.Billing;

namespace BackOffice.Ledger.Tests.Billing;

public class BillingCycleTests
{
    [Theory]
    [InlineData("one_time", BillingCycle.OneTime, 0, "Единожды")]
    [InlineData("monthly", BillingCycle.Monthly, 1, "Ежемесячно")]
    [InlineData("quarterly", BillingCycle.Quarterly, 3, "Ежеквартально")]
    [InlineData("semiannual", BillingCycle.SemiAnnual, 6, "Полугодично")]
    [InlineData("annual", BillingCycle.Annual, 12, "Ежегодно")]
    [InlineData("biennial", BillingCycle.Biennial, 24, "Раз в два года")]
    [InlineData("free", BillingCycle.Free, 0, "Бесплатно")]
    public void Speaks_the_database_and_russian(string db, BillingCycle cycle, int months, string russian)
    {
        Assert.Equal(cycle, BillingCycles.Parse(db));
        Assert.Equal((db, months, russian), (cycle.ToDb(), cycle.Months(), cycle.RussianName()));
    }

    [Fact]
    public void An_unknown_cycle_is_refused()
    {
        var error = Assert.Throws<InvalidInput>(() => BillingCycles.Parse("weekly"));
        Assert.Equal("billing-cycle", error.Field);
        Assert.Contains("semiannual", error.Message);
    }

    [Fact]
    public void Line_kinds_speak_the_database()
    {
        Assert.Equal(["service", "option", "addon", "promo", "discount", "late_fee", "prorata", "upgrade", "manual"],
            Enum.GetValues<LineKind>().Select(k => k.ToDb()));
        Assert.Equal(LineKind.LateFee, LineKinds.Parse("late_fee"));
        Assert.Throws<InvalidInput>(() => LineKinds.Parse("tax"));
        Assert.Equal(PromoKind.Fixed, PromoCode.ParseKind("fixed"));
        Assert.Throws<InvalidInput>(() => PromoCode.ParseKind("free"));
    }
}
