using BackOffice.Ledger.Billing;

namespace BackOffice.Ledger.Tests.Billing;

public class MoneyTests
{
    [Theory]
    [InlineData("2.665", "2.67")]    // banker's rounding would give 2.66
    [InlineData("-2.665", "-2.67")]
    [InlineData("0.125", "0.13")]    // banker's rounding would give 0.12
    [InlineData("-0.125", "-0.13")]
    [InlineData("0.005", "0.01")]
    [InlineData("-0.005", "-0.01")]
    [InlineData("1.0049", "1.00")]
    [InlineData("-1.0051", "-1.01")]
    [InlineData("48336", "48336.00")]
    public void Rounds_half_away_from_zero_to_kopecks(string amount, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Money.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Formats_as_invoices_print_it()
    {
        Assert.Equal(("48336.00", "-669.00", "0.00"), (Money.Format(48336m), Money.Format(-669m), Money.Format(0m)));
    }
}
