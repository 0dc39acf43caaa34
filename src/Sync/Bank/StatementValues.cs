using System.Globalization;

namespace BackOffice.Sync.Bank;

/// <summary>Reading amounts and dates the way statement files write them. Never floating point.</summary>
internal static class StatementValues
{
    /// <summary>
    /// Amounts as 1C files write them: "700", "1234.56", "-10.5"; a comma is accepted as the decimal mark.
    /// At most two decimals: a kopeck amount with three decimals is a corrupted value, not a rounding matter.
    /// </summary>
    public static bool TryParseAmount(ReadOnlySpan<char> text, char decimalMark, out decimal amount)
    {
        amount = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        var integerDigits = 0;
        var fractionDigits = -1;
        Span<char> normalized = stackalloc char[32];
        var n = 0;
        foreach (var c in text)
        {
            if (n >= normalized.Length - 1)
            {
                return false;
            }

            if (c is >= '0' and <= '9')
            {
                if (fractionDigits >= 0)
                {
                    fractionDigits++;
                }
                else
                {
                    integerDigits++;
                }

                normalized[n++] = c;
            }
            else if ((c == decimalMark || (decimalMark == '.' && c == ',')) && fractionDigits < 0)
            {
                fractionDigits = 0;
                normalized[n++] = '.';
            }
            else
            {
                return false;
            }
        }

        if (integerDigits == 0 || fractionDigits == 0 || fractionDigits > 2)
        {
            return false;
        }

        if (integerDigits + Math.Max(fractionDigits, 0) <= MaxLongDigits)
        {
            // What decimal.TryParse makes of these digits (the scale is the number of decimals written, trailing zeros
            // kept), without its general number parser: the digits fit a long.
            long digits = 0;
            foreach (var c in normalized[..n])
            {
                if (c != '.')
                {
                    digits = (digits * 10) + (c - '0');
                }
            }

            amount = new decimal((int)digits, (int)(digits >> 32), 0, false, (byte)Math.Max(fractionDigits, 0));
        }
        else if (!decimal.TryParse(normalized[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
        {
            return false;
        }

        if (negative)
        {
            amount = -amount;
        }

        return true;
    }

    /// <summary>Digits that always fit a long.</summary>
    private const int MaxLongDigits = 18;

    public static bool TryParseDate(ReadOnlySpan<char> text, string format, out DateOnly date) =>
        (format == DayMonthYear && TryParseDayMonthYear(text, out date))
        || DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private const string DayMonthYear = "dd.MM.yyyy";

    /// <summary>
    /// "dd.MM.yyyy" as every statement writes it: two digits, a dot, two digits, a dot, four digits, a real day. Only
    /// what DateOnly.TryParseExact accepts too, with the same date; anything else is left to it (and its refusal).
    /// </summary>
    private static bool TryParseDayMonthYear(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[2] != '.' || text[5] != '.')
        {
            return false;
        }

        var day = TwoDigits(text, 0);
        var month = TwoDigits(text, 3);
        var century = TwoDigits(text, 6);
        var yearInCentury = TwoDigits(text, 8);
        if (day < 1 || month is < 1 or > 12 || century < 0 || yearInCentury < 0)
        {
            return false;
        }

        var year = (century * 100) + yearInCentury;
        if (year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>The number written by two ASCII digits at <paramref name="at"/>, or -1.</summary>
    private static int TwoDigits(ReadOnlySpan<char> text, int at) =>
        char.IsAsciiDigit(text[at]) && char.IsAsciiDigit(text[at + 1]) ? ((text[at] - '0') * 10) + (text[at + 1] - '0') : -1;

    public static bool IsAllZeros(string value)
    {
        foreach (var c in value)
        {
            if (c != '0')
            {
                return false;
            }
        }

        return value.Length > 0;
    }
}
