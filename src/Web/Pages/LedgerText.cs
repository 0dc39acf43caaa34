using System.Globalization;

namespace BackOffice.Web.Pages;

/// <summary>The ledger's codes and instants as the staff read them on the client and invoice pages.</summary>
public static class LedgerText
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    /// <summary>An instant (timestamptz, read as UTC) in Moscow time, as the staff work.</summary>
    public static string Instant(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Moscow).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Instant(DateTime? utc) => utc is { } u ? Instant(u) : "—";

    public static string ClientStatus(string status) => status switch
    {
        "active" => "активный",
        "inactive" => "неактивный",
        "closed" => "закрыт",
        _ => status,
    };

    public static string ServiceStatus(string status) => status switch
    {
        "pending" => "ожидает",
        "active" => "активна",
        "suspended" => "приостановлена",
        "terminated" => "удалена",
        "cancelled" => "отменена",
        "fraud" => "мошенничество",
        _ => status,
    };

    public static readonly string[] InvoiceStatuses = ["draft", "unpaid", "paid", "cancelled", "refunded", "collections"];

    public static string InvoiceStatus(string status) => status switch
    {
        "draft" => "черновик",
        "unpaid" => "не оплачен",
        "paid" => "оплачен",
        "cancelled" => "отменён",
        "refunded" => "возвращён",
        "collections" => "инкассо",
        _ => status,
    };

    public static string InvoiceBadge(string status) => status switch
    {
        "paid" => "ok",
        "unpaid" => "warn",
        "collections" => "bad",
        "draft" => "info",
        _ => "",
    };

    public static string OrderStatus(string status) => status switch
    {
        "pending" => "ожидает",
        "active" => "активен",
        "cancelled" => "отменён",
        "fraud" => "мошенничество",
        _ => status,
    };

    /// <summary>A bank document's outcome (bank_documents.status).</summary>
    public static string BankStatus(string status) => status switch
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

    /// <summary>Which way a bank document moves money (bank_documents.direction).</summary>
    public static string Direction(string direction) => direction switch
    {
        "incoming" => "входящий платёж",
        "outgoing" => "исходящий платёж",
        "own_transfer" => "перевод между своими счетами",
        _ => direction,
    };

    /// <summary>The 1C mirror's state of an invoice (<c>sync show</c>) or of a client's contractor.</summary>
    public static string Mirror(string state) => state switch
    {
        "problem" => "проблема",
        "given up" => "отправка прекращена",
        "waiting" => "ждёт отправки",
        "in 1C" => "в 1С",
        "not sent" => "не отправлялся",
        "marked for deletion" => "помечен на удаление",
        "not marked for deletion" => "не помечен на удаление",
        _ => state,
    };

    public static string MirrorBadge(string state) => state switch
    {
        "in 1C" => "ok",
        "waiting" => "warn",
        "not sent" => "",
        _ => "bad",
    };
}
