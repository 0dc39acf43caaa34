using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Reports.Writing;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Engine;

/// <summary>What was written.</summary>
public sealed record ReportWritten(string Report, string File, string Format, DateOnly AsOf, int Sheets, int Rows);

/// <summary>
/// The one report engine: checks a request, reads the report's rows as of its date, lays them out and writes the
/// workbook or CSV. The verb, the mailing job and (later) the web page all come through here.
/// </summary>
public sealed class ReportEngine(NpgsqlDataSource db, ReportCatalogue catalogue)
{
    public static readonly RefusalCode AsOfInFuture = new("report.as-of-in-future");
    public static readonly RefusalCode MonthNotApplicable = new("report.month-not-applicable");
    public static readonly RefusalCode MonthNotFirstDay = new("report.month-not-first-day");
    public static readonly RefusalCode DaysNotApplicable = new("report.days-not-applicable");
    public static readonly RefusalCode DaysOutOfRange = new("report.days-out-of-range");
    public static readonly RefusalCode ManagerNotApplicable = new("report.manager-not-applicable");
    public static readonly RefusalCode ManagerMissing = new("report.manager-missing");
    public const int MaxDays = 3660;

    /// <summary>
    /// From this many rows a workbook is streamed (<see cref="StreamingXlsxWriter"/>) instead of built in ClosedXML's
    /// model: at 2 M cells ClosedXML took ~7× the CPU and ~5× the memory (bench/Reports). Below it both are quick.
    /// </summary>
    public int StreamFromRows { get; init; } = 20_000;

    public ReportCatalogue Catalogue => catalogue;

    /// <param name="today">Today's business date: a report cannot be made for a date after it.</param>
    public async Task<ReportBook> BuildAsync(string name, ReportRequest request, DateOnly today, CancellationToken ct = default)
    {
        var report = catalogue.Find(name);
        await using var conn = await db.OpenConnectionAsync(ct);
        var (scope, managerName) = await ScopeAsync(conn, report, request, today, ct);
        var lines = await report.ReadAsync(conn, scope, ct);
        return ReportLayout.Build(report, scope, lines, managerName);
    }

    /// <summary>Writes the report to <paramref name="path"/> (.xlsx or .csv), all or nothing; the arguments and the folder
    /// are checked before any work is done.</summary>
    public async Task<ReportWritten> WriteAsync(string name, ReportRequest request, DateOnly today, string? path,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default)
    {
        var report = catalogue.Find(name);
        await using (var conn = await db.OpenConnectionAsync(ct))
            await ScopeAsync(conn, report, request, today, ct);
        using var file = ReportFile.Open(path);
        var written = await WriteAsync(name, request, today, file.Format, file.Stream, progress, ct);
        file.Commit();
        return written with { File = file.Target };
    }

    /// <summary>Writes the report into <paramref name="output"/> (the web page's download); nothing is written when the
    /// request is refused. <see cref="ReportWritten.File"/> is the name a saved copy would take.</summary>
    public async Task<ReportWritten> WriteAsync(string name, ReportRequest request, DateOnly today, ReportFormat format, Stream output,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken ct = default)
    {
        var book = await BuildAsync(name, request, today, ct);
        Write(book, format, output, progress, StreamFromRows);
        var extension = format.ToString().ToLowerInvariant();
        return new ReportWritten(book.Name, $"{book.Name}-{book.AsOf:yyyy-MM-dd}.{extension}", extension, book.AsOf, book.Sheets.Count + 1, book.DetailRows);
    }

    public static void Write(ReportBook book, ReportFormat format, Stream output, IProgress<(int Done, int Total)>? progress = null,
        int streamFromRows = int.MaxValue)
    {
        if (format == ReportFormat.Csv) CsvReportWriter.Write(book, output, progress);
        else if (book.Summary.Rows.Count + book.Sheets.Sum(s => s.Rows.Count) >= streamFromRows) StreamingXlsxWriter.Write(book, output, progress);
        else XlsxReportWriter.Write(book, output, progress);
    }

    public static void EnsurePast(DateOnly asOf, DateOnly today)
    {
        if (asOf > today)
            throw new InvalidInput(AsOfInFuture, "--as-of",
                $"--as-of: {asOf:dd.MM.yyyy} is in the future (today is {today:dd.MM.yyyy}); payments after today are not known yet.");
    }

    async Task<(ReportScope Scope, string? ManagerName)> ScopeAsync(NpgsqlConnection conn, Report report, ReportRequest request,
        DateOnly today, CancellationToken ct)
    {
        EnsurePast(request.AsOf, today);
        if (request.Month is { } month && !report.TakesMonth)
            throw new InvalidInput(MonthNotApplicable, "--month", $"--month does not apply to the report '{report.Name}'.");
        if (request.Month is { Day: not 1 })
            throw new InvalidInput(MonthNotFirstDay, "--month", "--month is a month's first day.");
        if (request.Days is { } days && !report.TakesDays)
            throw new InvalidInput(DaysNotApplicable, "--days", $"--days does not apply to the report '{report.Name}'.");
        if (request.Days is < 1 or > MaxDays)
            throw new InvalidInput(DaysOutOfRange, "--days", $"--days: {request.Days} is out of range; give 1 to {MaxDays}.");
        var all = string.IsNullOrWhiteSpace(request.Manager) || request.Manager.Trim().Equals("all", StringComparison.OrdinalIgnoreCase);
        if (!all && !report.ByManager)
            throw new InvalidInput(ManagerNotApplicable, "--manager", $"--manager does not apply to the report '{report.Name}': it lists clients without one.");
        int? managerId = null;
        string? managerName = null;
        if (!all)
        {
            var key = request.Manager!.Trim();
            var byId = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
            var staff = await conn.QueryFirstOrDefaultAsync<StaffRow>(new CommandDefinition(
                byId ? "select id, full_name from staff where id = @id" : "select id, full_name from staff where lower(login) = lower(@key)",
                new { id, key }, cancellationToken: ct))
                ?? throw new InvalidInput(ManagerMissing, "--manager",
                    $"--manager: there is no manager '{key}'; give a staff id or login (see `backoffice staff`), or all.");
            (managerId, managerName) = (staff.Id, staff.FullName);
        }
        return (new ReportScope(request.AsOf, managerId, request.Month ?? new DateOnly(request.AsOf.Year, request.AsOf.Month, 1),
            request.Days ?? report.DefaultDays), managerName);
    }

    sealed class StaffRow
    {
        public int Id { get; set; }
        public string FullName { get; set; } = "";
    }
}
