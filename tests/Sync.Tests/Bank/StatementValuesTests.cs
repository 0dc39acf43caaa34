using System.Globalization;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>The statement's dates and amounts are read by hand for speed: always as the framework's parsers read them.</summary>
public sealed class StatementValuesTests
{
    [Fact]
    public void Reads_dd_MM_yyyy_exactly_as_DateOnly_TryParseExact()
    {
        var texts = new List<string> { "", "1.01.2024", "01.1.2024", "01.01.24", "01/01/2024", "01.01.2024 ", " 01.01.2024", "0a.01.2024", "01.01.2O24", "٠١.٠١.٢٠٢٤" };
        foreach (var year in new[] { "0000", "0001", "0099", "1900", "2023", "2024", "2100", "9999" })
            for (var month = 0; month <= 13; month++)
                for (var day = 0; day <= 32; day++)
                    texts.Add($"{day:00}.{month:00}.{year}");

        foreach (var text in texts)
        {
            var expected = DateOnly.TryParseExact(text, "dd.MM.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
            Assert.Equal((expected, date), (StatementValues.TryParseDate(text, "dd.MM.yyyy", out var read), read));
        }
    }

    [Theory]
    [InlineData("31348.70")]
    [InlineData("0.00")]
    [InlineData("007.00")]
    [InlineData("-10.5")]
    [InlineData("+3")]
    [InlineData("1660,00")]
    [InlineData("999999999999999999")]
    [InlineData("99999999999999999.99")]
    [InlineData("9999999999999999.99")]
    [InlineData("1234567890123456789012.50")]
    public void Reads_an_amount_with_the_digits_and_decimals_decimal_parse_gives(string text)
    {
        var normalized = text.TrimStart('+', '-').Replace(',', '.');
        var expected = decimal.Parse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (text.StartsWith('-'))
            expected = -expected;

        Assert.True(StatementValues.TryParseAmount(text, '.', out var amount));
        Assert.Equal(expected, amount);
        // The same scale too: "0.00" stays "0.00", "31348.70" keeps its trailing zero.
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), amount.ToString(CultureInfo.InvariantCulture));
    }
}
