using System.Globalization;
using BackOffice.Tickets.Desk;

namespace BackOffice.Web.Pages.Tickets;

/// <summary>How the ticket pages say statuses, priorities, message kinds and the SLA countdown in Russian.</summary>
public static class TicketText
{
    public static readonly IReadOnlyList<(string Value, string Label)> StatusChoices =
        TicketQueue.Statuses.Select(s => (s, Status(s))).ToList();

    public static readonly IReadOnlyList<(string Value, string Label)> PriorityChoices =
        TicketDesk.Priorities.Select(p => (p, Priority(p))).ToList();

    public static string Status(string status) => status switch
    {
        "open" => "Открыт",
        "answered" => "Отвечен",
        "customer_reply" => "Ответ клиента",
        "on_hold" => "Отложен",
        "in_progress" => "В работе",
        "closed" => "Закрыт",
        _ => status,
    };

    public static string StatusBadge(string status) => status switch
    {
        "open" or "customer_reply" => "badge warn",
        "answered" => "badge ok",
        "in_progress" or "on_hold" => "badge info",
        _ => "badge",
    };

    public static string Priority(string priority) => priority switch
    {
        "low" => "Низкий",
        "medium" => "Средний",
        "high" => "Высокий",
        _ => priority,
    };

    /// <summary>The countdown cell: "осталось 1 ч 05 мин", "просрочен на 25 мин", "пауза: осталось 2 ч".</summary>
    public static string Sla(string? state, int? minutes) => (state, minutes) switch
    {
        ("breached", { } m) => $"просрочен на {Duration(-m)}",
        ("paused", { } m) => $"пауза: осталось {Duration(m)}",
        (not null, { } m) => $"осталось {Duration(m)}",
        _ => "—",
    };

    public static string SlaClass(string? state) => state switch
    {
        "breached" => "sla-breached",
        "due soon" => "sla-soon",
        "running" => "sla-running",
        _ => "muted",
    };

    public static string Duration(int minutes)
    {
        var h = minutes / 60;
        var m = minutes % 60;
        return h == 0 ? $"{m} мин" : m == 0 ? $"{h} ч" : $"{h} ч {m.ToString("00", CultureInfo.InvariantCulture)} мин";
    }

    public static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);
}
