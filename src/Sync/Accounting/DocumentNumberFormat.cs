using System.Globalization;
using BackOffice.Ledger.Database;
using System.Text.RegularExpressions;

namespace BackOffice.Sync.Accounting;

/// <summary>
/// The 1C form of a billing invoice number, from BackOffice:Accounting:NumberPattern: "ЛТ00-######" makes 72815 into
/// "ЛТ00-072815" — the organisation prefix (ЛТ), the infobase prefix (00), a dash, the number padded to the #s. 1C
/// prints it as 72815, and payers quote it as ЛТ00-072815, ЛТ-72815 or 072815.
/// </summary>
public sealed class DocumentNumberFormat
{
    /// <summary>Document numbers of БП 3.0 invoices are fixed 11-character strings.</summary>
    public const int Length = 11;

    public string Pattern { get; }
    public string Prefix { get; }
    public int Digits { get; }
    readonly Regex _quoted;

    DocumentNumberFormat(string pattern, string prefix, int digits)
    {
        (Pattern, Prefix, Digits) = (pattern, prefix, digits);
        var letters = new string(prefix.TakeWhile(c => !char.IsDigit(c) && c != '-').ToArray());
        var rest = prefix[letters.Length..].TrimEnd('-');
        var head = letters.Length > 0
            ? Regex.Escape(letters) + (rest.Length > 0 ? $"(?:{Regex.Escape(rest)})?" : "") + @"\s*-?\s*"
            : Regex.Escape(prefix);
        _quoted = new Regex(@"(?<![\p{L}\p{Nd}])" + head + @"(?<num>\d{1," + digits + @"})(?!\d)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public static DocumentNumberFormat Parse(string? pattern)
    {
        var p = pattern ?? "";
        var first = p.IndexOf('#', StringComparison.Ordinal);
        var digits = first < 0 ? 0 : p.Length - first;
        if (first <= 0 || p[first..].Any(c => c != '#') || p.Length != Length)
            throw new ConfigurationProblem($"{AccountingOptions.Section}:NumberPattern",
                $"'{p}' is not a 1C number pattern: write the prefix followed by #s for the digits, {Length} characters in all (e.g. ЛТ00-######).");
        return new DocumentNumberFormat(p, p[..first], digits);
    }

    /// <summary>The 1C number of billing invoice <paramref name="number"/>, or null when it has more digits than the pattern holds.</summary>
    public string? TryFormat(long number)
    {
        if (number <= 0) return null;
        var digits = number.ToString(CultureInfo.InvariantCulture);
        return digits.Length > Digits ? null : Prefix + digits.PadLeft(Digits, '0');
    }

    /// <summary>The billing number a 1C number carries (spaces 1C pads with ignored), or null when it is not of this pattern.</summary>
    public long? BillingNumber(string? onecNumber)
    {
        var n = onecNumber?.Trim() ?? "";
        if (!n.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || n.Length != Length) return null;
        return long.TryParse(n.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;
    }

    /// <summary>Numbers quoted in their 1C form in a payment purpose (ЛТ00-072815, ЛТ-72815), without leading zeros.</summary>
    public IEnumerable<(int Index, string Number)> Quoted(string text)
    {
        foreach (Match m in _quoted.Matches(text))
        {
            var digits = m.Groups["num"].Value.TrimStart('0');
            if (digits.Length > 0) yield return (m.Index, digits);
        }
    }

    public Regex QuotedForms => _quoted;
}
