using System.Globalization;

namespace BackOffice.Web.Pages.Treasury;

/// <summary>How the treasury pages name a bank document's outcome and show an instant (Moscow time, as the staff read it).</summary>
public static class TreasuryText
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public static string Instant(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Moscow).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Status(string status) => status switch
    {
        "matched" => "сопоставлен",
        "partial" => "частично",
        "credit" => "на аванс",
        "review" => "на разборе",
        "ignored" => "пропущен",
        "outgoing" => "исходящий",
        "transfer" => "между своими счетами",
        _ => status,
    };

    public static string Badge(string status) => status switch
    {
        "matched" => "ok",
        "partial" or "credit" => "info",
        "review" => "warn",
        _ => "",
    };

    /// <summary>Only what moved money can be undone (BankLedger.UnmatchAsync says the same, and is the one that decides).</summary>
    public static bool Undoable(string status) => status is "matched" or "partial" or "credit";

    public static IEnumerable<string> InvoiceNumbers(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
