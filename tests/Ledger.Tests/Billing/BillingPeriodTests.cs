using BackOffice.Ledger.Billing;

namespace BackOffice.Ledger.Tests.Billing;

public class BillingPeriodTests
{
    static DateOnly D(string ddMMyyyy) => DateOnly.ParseExact(ddMMyyyy, "dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("01/01/2019", BillingCycle.Monthly, "31/01/2019", 31)]
    [InlineData("01/02/2019", BillingCycle.Monthly, "28/02/2019", 28)]
    [InlineData("01/02/2020", BillingCycle.Monthly, "29/02/2020", 29)]   // leap year
    [InlineData("01/01/2019", BillingCycle.Quarterly, "31/03/2019", 90)]
    [InlineData("01/12/2023", BillingCycle.Quarterly, "29/02/2024", 91)]
    [InlineData("01/02/2019", BillingCycle.SemiAnnual, "31/07/2019", 181)] // seed 71475
    [InlineData("01/09/2019", BillingCycle.SemiAnnual, "29/02/2020", 182)]
    [InlineData("01/03/2022", BillingCycle.Biennial, "29/02/2024", 731)]
    [InlineData("01/02/2019", BillingCycle.Biennial, "31/01/2021", 731)]
    public void Whole_cycles_from_the_first_end_on_a_month_end(string due, BillingCycle cycle, string end, int days)
    {
        var period = BillingPeriod.Starting(D(due), cycle);

        Assert.Equal((D(due), D(end), days, days), (period.Start, period.End, period.Days, period.CycleDays));
        Assert.True(period.IsFullCycle);
        Assert.Equal(D(end).AddDays(1), period.NextDueDate);
    }

    [Theory]
    [InlineData("12/02/2018", "11/02/2019", 365)]
    [InlineData("01/03/2019", "29/02/2020", 366)]
    [InlineData("15/03/2023", "14/03/2024", 366)]
    [InlineData("29/02/2024", "27/02/2025", 365)]   // next due 28/02/2025: a year from 29 February
    public void Annual_services_run_exactly_one_year_without_month_end_alignment(string due, string end, int days)
    {
        var period = BillingPeriod.Starting(D(due), BillingCycle.Annual);

        Assert.Equal((D(end), days, days), (period.End, period.Days, period.CycleDays));
    }

    [Fact]
    public void A_mid_month_start_is_shortened_to_the_month_end_and_then_stays_on_the_first()
    {
        // Seed service 20806: registered 12/02/2018 semi-annual, billed 01/02/2019–31/07/2019, next due 01/08/2019.
        var first = BillingPeriod.Starting(D("12/02/2018"), BillingCycle.SemiAnnual);
        Assert.Equal((D("31/07/2018"), 170, 181), (first.End, first.Days, first.CycleDays));
        Assert.False(first.IsFullCycle);

        var second = BillingPeriod.Starting(first.NextDueDate, BillingCycle.SemiAnnual);
        var third = BillingPeriod.Starting(second.NextDueDate, BillingCycle.SemiAnnual);
        Assert.Equal("01/08/2018 - 31/01/2019", second.ToString());
        Assert.Equal("01/02/2019 - 31/07/2019", third.ToString());
        Assert.Equal(D("01/08/2019"), third.NextDueDate);
    }

    [Theory]
    [InlineData("15/11/2019", BillingCycle.Quarterly, "31/01/2020", 78, 92)]
    [InlineData("31/01/2019", BillingCycle.Monthly, "31/01/2019", 1, 31)]
    [InlineData("15/02/2020", BillingCycle.Monthly, "29/02/2020", 15, 29)]
    public void Other_mid_month_starts(string due, BillingCycle cycle, string end, int days, int cycleDays)
    {
        var period = BillingPeriod.Starting(D(due), cycle);
        Assert.Equal((D(end), days, cycleDays), (period.End, period.Days, period.CycleDays));
    }

    [Fact]
    public void An_additional_period_ends_with_the_main_period_150_of_181()
    {
        var main = BillingPeriod.Starting(D("01/02/2019"), BillingCycle.SemiAnnual);

        var rest = main.From(D("04/03/2019"));

        Assert.Equal(("04/03/2019 - 31/07/2019", 150, 181), (rest.ToString(), rest.Days, rest.CycleDays));
    }

    [Fact]
    public void A_day_outside_the_period_is_refused()
    {
        var main = BillingPeriod.Starting(D("01/02/2019"), BillingCycle.SemiAnnual);

        Assert.Equal("date", Assert.Throws<InvalidInput>(() => main.From(D("01/08/2019"))).Field);
        Assert.Throws<InvalidInput>(() => main.From(D("31/01/2019")));
    }

    [Fact]
    public void One_time_and_free_services_have_no_period()
    {
        Assert.Equal("billing-cycle", Assert.Throws<InvalidInput>(() => BillingPeriod.Starting(D("01/02/2019"), BillingCycle.OneTime)).Field);
        Assert.Throws<InvalidInput>(() => BillingPeriod.Starting(D("01/02/2019"), BillingCycle.Free));
    }

    [Fact]
    public void Moving_a_due_date_bills_up_to_the_day_before_the_new_one()
    {
        var period = BillingPeriod.Between(D("01/02/2019"), D("15/02/2019"), BillingCycle.Monthly);

        Assert.Equal(("01/02/2019 - 14/02/2019", 14, 28), (period.ToString(), period.Days, period.CycleDays));
        Assert.Equal("next-due-date",
            Assert.Throws<InvalidInput>(() => BillingPeriod.Between(D("01/02/2019"), D("01/02/2019"), BillingCycle.Monthly)).Field);
    }
}
