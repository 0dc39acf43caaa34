using Npgsql;

namespace BackOffice.Reports.Engine;

/// <summary>What a report is asked for, as a person typed it (the verb) or the schedule set it (the job).</summary>
/// <param name="Manager">A staff id or login, or "all" (the default): every manager, and the clients with none.</param>
/// <param name="Month">The first day of the month, for the reports that take one.</param>
public sealed record ReportRequest(DateOnly AsOf, string? Manager = null, DateOnly? Month = null, int? Days = null);

/// <summary>The request checked: the manager resolved, the month and days defaulted.</summary>
public sealed record ReportScope(DateOnly AsOf, int? ManagerId, DateOnly Month, int Days)
{
    public DateOnly MonthEnd => Month.AddMonths(1).AddDays(-1);
}

/// <summary>
/// One report of the engine: its columns and the query that reads its detail rows. Grouping into manager sheets,
/// totals, the summary and the file formats are the engine's, the same for every report.
/// </summary>
public abstract class Report
{
    public abstract string Name { get; }
    public abstract string Title { get; }
    public abstract string Description { get; }
    public abstract IReadOnlyList<ReportColumn> Columns { get; }

    public virtual bool TakesMonth => false;
    public virtual bool TakesDays => false;
    public virtual int DefaultDays => 0;

    /// <summary>False for a report about clients without a manager: asking it for one manager makes no sense.</summary>
    public virtual bool ByManager => true;

    /// <summary>The leading columns that name a client (manager, id, name, ИНН, КПП): repeated on the client's total row.
    /// Zero: the report has one row per client and no client totals.</summary>
    public virtual int ClientKeyColumns => 0;

    /// <summary>False: no total row under each sheet (a report of medians and shares, whose rows do not add up).</summary>
    public virtual bool SheetTotals => true;

    /// <summary>False: rows stay in the order the report reads them, not by client name.</summary>
    public virtual bool SortsByClient => true;

    /// <summary>What the sheets are per and what the summary counts, as the summary's headers say it.</summary>
    public virtual (string Sheet, string Counted) SummaryHeaders => ("Менеджер", "Клиентов");

    public virtual string Caption(ReportScope scope) => $"{Title} на {scope.AsOf:dd.MM.yyyy}";

    /// <summary>Detail rows in the order they are shown within a manager: by client, then as the report sorts them.</summary>
    public abstract Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct);
}
