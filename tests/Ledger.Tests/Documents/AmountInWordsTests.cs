using BackOffice.Ledger.Documents;
using Xunit;

namespace BackOffice.Ledger.Tests.Documents;

public class AmountInWordsTests
{
    [Theory]
    [InlineData("48336.00", "Сорок восемь тысяч триста тридцать шесть рублей 00 копеек")]
    [InlineData("1", "Один рубль 00 копеек")]
    [InlineData("2", "Два рубля 00 копеек")]
    [InlineData("5", "Пять рублей 00 копеек")]
    [InlineData("11", "Одиннадцать рублей 00 копеек")]
    [InlineData("21.21", "Двадцать один рубль 21 копейка")]
    [InlineData("112.12", "Сто двенадцать рублей 12 копеек")]
    [InlineData("101.02", "Сто один рубль 02 копейки")]
    [InlineData("1000000", "Один миллион рублей 00 копеек")]
    [InlineData("0.01", "Ноль рублей 01 копейка")]
    [InlineData("21000", "Двадцать одна тысяча рублей 00 копеек")]
    [InlineData("2002", "Две тысячи два рубля 00 копеек")]
    [InlineData("2001001.05", "Два миллиона одна тысяча один рубль 05 копеек")]
    public void Roubles_in_words_kopecks_in_digits_nouns_agreeing(string amount, string expected) =>
        Assert.Equal(expected, AmountInWords.Roubles(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_negative_amount_is_refused() =>
        Assert.Equal("amount", Assert.Throws<InvalidInput>(() => AmountInWords.Roubles(-1m)).Field);
}
