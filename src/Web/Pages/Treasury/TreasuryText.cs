using System.Globalization;
using BackOffice.Ledger.Text;

namespace BackOffice.Web.Pages.Treasury;

/// <summary>How the treasury pages name a bank document's outcome and show an instant (Moscow time, as the staff read it).</summary>
public static class TreasuryText
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public static string Instant(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Moscow).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Status(string status) => LedgerText.BankStatus(status);

    public static string Badge(string status) => status switch
    {
        "matched" => "ok",
        "partial" or "credit" => "info",
        "review" => "warn",
        _ => "",
    };

    /// <summary>Only what moved money can be undone (BankLedger.UnmatchAsync says the same, and is the one that decides).</summary>
    public static bool Undoable(string status) => status is "matched" or "partial" or "credit";

    /// <summary>A statement's period; a one-day statement (the usual kind) shows its day once.</summary>
    public static string Period(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        ({ } f, { } t) when f == t => BusinessText.FormatDate(f),
        _ => $"{(from is { } f ? BusinessText.FormatDate(f) : "—")}–{(to is { } t ? BusinessText.FormatDate(t) : "—")}",
    };

    /// <summary>The matcher's note on a candidate invoice (its status, or that the amount is the same), as treasury says it.</summary>
    public static string Note(string? note) => note switch
    {
        "same amount" => "та же сумма",
        "unpaid" => "не оплачен",
        "collections" => "у коллекторов",
        "paid" => "оплачен",
        "cancelled" => "отменён",
        "draft" => "черновик",
        _ => note ?? "",
    };

    public static IEnumerable<string> InvoiceNumbers(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
