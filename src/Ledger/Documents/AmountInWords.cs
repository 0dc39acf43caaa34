using System.Globalization;
using Humanizer;

namespace BackOffice.Ledger.Documents;

/// <summary>
/// «Сорок восемь тысяч триста тридцать шесть рублей 00 копеек»: roubles in words, kopecks in two digits, as 1C's
/// ЧислоПрописью prints money. Humanizer gives the words (its ru converter makes thousands feminine and millions
/// masculine, as Russian wants; checked in AmountInWordsTests on 1, 2, 5, 11, 21, 1 000 000, 0,01); the nouns' forms
/// are ours, because Humanizer has no currency.
/// </summary>
public static class AmountInWords
{
    static readonly CultureInfo Russian = CultureInfo.GetCultureInfo("ru-RU");

    public static string Roubles(decimal amount)
    {
        var rounded = Billing.Money.Round(amount);
        if (rounded < 0) throw new InvalidInput("amount", $"An amount to pay cannot be negative: {Billing.Money.Format(rounded)}.");
        var roubles = (long)decimal.Truncate(rounded);
        var kopecks = (int)((rounded - roubles) * 100);
        var words = roubles.ToWords(Russian);
        var text = $"{words} {Noun(roubles, "рубль", "рубля", "рублей")} {kopecks:00} {Noun(kopecks, "копейка", "копейки", "копеек")}";
        return char.ToUpper(text[0], Russian) + text[1..];
    }

    /// <summary>The noun's form after a number: 1, 21 рубль; 2–4, 22 рубля; 5–20, 11–14, 111 рублей.</summary>
    public static string Noun(long number, string one, string few, string many)
    {
        var lastTwo = number % 100;
        var last = number % 10;
        if (lastTwo is >= 11 and <= 14) return many;
        return last switch { 1 => one, >= 2 and <= 4 => few, _ => many };
    }
}
