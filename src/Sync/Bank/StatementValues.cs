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

        if (!decimal.TryParse(normalized[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
        {
            return false;
        }

        if (negative)
        {
            amount = -amount;
        }

        return true;
    }

    public static bool TryParseDate(ReadOnlySpan<char> text, string format, out DateOnly date) =>
        DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

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
