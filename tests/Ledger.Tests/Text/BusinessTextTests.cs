using BackOffice.Ledger;
using BackOffice.Ledger.Text;

namespace BackOffice.Ledger.Tests.Text;

public sealed class BusinessTextTests
{
    [Theory]
    [InlineData("1660.00", "1660.00")]
    [InlineData("1660,00", "1660.00")]
    [InlineData("1 660,00", "1660.00")]
    [InlineData("1\u00A0660,5", "1660.5")]
    [InlineData("48336", "48336")]
    [InlineData("-669,00", "-669.00")]
    public void Money_is_read_as_a_Russian_accountant_types_it(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), BusinessText.ParseMoney(text, "--amount"));

    [Theory]
    [InlineData("1,660.00")]
    [InlineData("12,3x")]
    [InlineData("1660,001")]
    [InlineData("")]
    [InlineData("руб")]
    public void Unreadable_money_names_the_field_and_the_forms(string text)
    {
        var e = Assert.Throws<InvalidInput>(() => BusinessText.ParseMoney(text, "--amount"));
        Assert.Equal("--amount", e.Field);
        Assert.Contains("1 660,00", e.Message);
        Assert.DoesNotContain("Decimal", e.Message);
    }

    [Theory]
    [InlineData("2026-12-01")]
    [InlineData("01.12.2026")]
    public void Dates_in_ISO_and_Russian_form(string text) =>
        Assert.Equal(new DateOnly(2026, 12, 1), BusinessText.ParseDate(text, "--date"));

    [Theory]
    [InlineData("31.02.2019")]
    [InlineData("12/01/2026")]
    [InlineData("2019-13-01")]
    public void Unreadable_dates_name_the_field(string text)
    {
        var e = Assert.Throws<InvalidInput>(() => BusinessText.ParseDate(text, "--date"));
        Assert.Contains("--date", e.Message);
        Assert.Contains("01.12.2026", e.Message);
    }
}
