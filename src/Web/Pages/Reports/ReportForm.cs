using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Ledger.Text;
using BackOffice.Reports.Engine;

namespace BackOffice.Web.Pages.Reports;

/// <summary>A report's form as typed: read into the engine's <see cref="ReportRequest"/>, or the first field that is wrong, in Russian.</summary>
public sealed class ReportForm
{
    public string? AsOf { get; set; }
    public string? Manager { get; set; }
    public string? Month { get; set; }
    public string? Days { get; set; }
    public string? Format { get; set; }

    /// <summary>What the form asks for this report (the fields <see cref="Read"/> takes), as the index lists them.</summary>
    public static IEnumerable<string> Parameters(Report report, bool scopedManager)
    {
        yield return "дата отчёта";
        if (report.ByManager && !scopedManager) yield return "менеджер";
        if (report.TakesMonth) yield return "месяц";
        if (report.TakesDays) yield return $"дней (по умолчанию {report.DefaultDays})";
    }

    public (ReportRequest? Request, string? Field, string? Error) Read(Report report, DateOnly today, string? manager)
    {
        var asOf = today;
        if (!string.IsNullOrWhiteSpace(AsOf) && !BusinessText.TryParseDate(AsOf, out asOf))
            return (null, "asOf", $"«{AsOf}» — не дата: напишите её как 30.11.2026 или 2026-11-30.");
        DateOnly? month = null;
        if (report.TakesMonth && !string.IsNullOrWhiteSpace(Month))
        {
            if (!BusinessText.TryParseMonth(Month, out var first))
                return (null, "month", $"«{Month}» — не месяц: напишите его как 2026-11 или 11.2026.");
            month = first;
        }
        int? days = null;
        if (report.TakesDays && !string.IsNullOrWhiteSpace(Days))
        {
            if (!int.TryParse(Days.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                return (null, "days", $"«{Days}» — не число дней: напишите целое число от 1 до {ReportEngine.MaxDays}.");
            days = n;
        }
        return (new ReportRequest(asOf, report.ByManager ? manager : null, month, days), null, null);
    }

    /// <summary>The engine's refusal beside the form field it is about (the engine names the verb's options).</summary>
    public static (string Field, string Error) Refusal(InvalidInput e) => (e.Field switch
    {
        "--as-of" => "asOf",
        "--days" => "days",
        "--manager" => "manager",
        "--month" => "month",
        _ => "",
    }, RussianRefusals.Russian(e));
}
