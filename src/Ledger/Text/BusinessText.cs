using System.Globalization;
using System.Text.RegularExpressions;

namespace BackOffice.Ledger.Text;

/// <summary>
/// The one way dates and money are read from people (verbs, claims, pages): ISO or Russian dates, and amounts with a
/// decimal point or comma and spaces between thousands, as a Russian accountant types them.
/// </summary>
public static partial class BusinessText
{
    public const string DateForms = "2026-12-01 or 01.12.2026";
    public const string MoneyForms = "1660.00, 1660,00 or 1 660,00";
    public const string MonthForms = "2026-12 or 12.2026";

    static readonly string[] DateFormats = ["yyyy-MM-dd", "dd.MM.yyyy"];
    static readonly string[] MonthFormats = ["yyyy-MM", "MM.yyyy"];

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <param name="field">The option or field the value came from, named in the error (e.g. "--date").</param>
    public static DateOnly ParseDate(string? text, string field) =>
        TryParseDate(text, out var date)
            ? date
            : throw new InvalidInput(Refusals.NotADate, field, $"{field}: '{text}' is not a date; write it as {DateForms}.");

    /// <summary>A calendar month, as its first day.</summary>
    public static bool TryParseMonth(string? text, out DateOnly firstDay) =>
        DateOnly.TryParseExact(text?.Trim(), MonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out firstDay);

    public static DateOnly ParseMonth(string? text, string field) =>
        TryParseMonth(text, out var month)
            ? month
            : throw new InvalidInput(Refusals.NotAMonth, field, $"{field}: '{text}' is not a month; write it as {MonthForms}.");

    public static bool TryParseMoney(string? text, out decimal amount)
    {
        amount = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        // Spaces between thousands: plain, no-break (U+00A0) and narrow no-break (U+202F), as Excel and 1C paste them.
        var compact = text.Trim().Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "");
        if (!MoneyShape().IsMatch(compact)) return false;
        return decimal.TryParse(compact.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out amount);
    }

    public static decimal ParseMoney(string? text, string field) =>
        TryParseMoney(text, out var amount)
            ? amount
            : throw new InvalidInput(Refusals.NotAnAmount, field, $"{field}: '{text}' is not an amount; write it as {MoneyForms}.");

    // One separator at most and at most two kopeck digits: "1,660" would be ambiguous (thousands or decimals?), so a
    // comma or point is always the decimal separator and thousands are only ever grouped by spaces.
    [GeneratedRegex(@"^-?\d+([.,]\d{1,2})?$")]
    private static partial Regex MoneyShape();
}
