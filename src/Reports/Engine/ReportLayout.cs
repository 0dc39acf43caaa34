using System.Globalization;

namespace BackOffice.Reports.Engine;

/// <summary>Groups a report's detail rows into a sheet per manager with client and manager totals, and the summary sheet.</summary>
static class ReportLayout
{
    public const string NoManager = "Без менеджера";
    public const string SummarySheet = "Сводка";
    public const string ClientTotal = "Итого по клиенту";
    public const string ManagerTotal = "Итого по менеджеру";
    public const string GrandTotal = "Итого";
    const int ClientNameColumn = 2;

    static readonly StringComparer Russian = StringComparer.Create(CultureInfo.GetCultureInfo("ru-RU"), ignoreCase: true);

    public static ReportBook Build(Report report, ReportScope scope, IReadOnlyList<ReportLine> lines, string? managerName)
    {
        var columns = report.Columns;
        var sums = Enumerable.Range(0, columns.Count).Where(i => columns[i].Sum).ToArray();
        var caption = report.Caption(scope);
        // Clients by name within a manager; a client's own rows keep the report's order (OrderBy is stable).
        IEnumerable<ReportLine> ordered = report.SortsByClient ? lines.OrderBy(l => l.Cells[ClientNameColumn] as string ?? "", Russian).ThenBy(l => l.ClientId) : lines;
        var groups = ordered
            .GroupBy(l => l.ManagerId)
            .Select(g => (Id: g.Key, Name: g.First().Manager, Lines: g.ToList()))
            .OrderBy(g => g.Id is null ? 1 : 0).ThenBy(g => g.Name, Russian)
            .ToList();
        if (scope.ManagerId is { } only && groups.Count == 0)
            groups.Add((only, managerName ?? $"#{only}", []));

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { SummarySheet };
        var sheets = new List<ReportTable>();
        var summaryRows = new List<ReportRow>();
        foreach (var (id, name, group) in groups)
        {
            var rows = new List<ReportRow>(group.Count + group.Count / 2 + 1);
            foreach (var client in Runs(group))
            {
                rows.AddRange(client.Select(l => new ReportRow(RowKind.Detail, l.Cells, l.DaysOverdue)));
                if (report.ClientKeyColumns > 0)
                {
                    var cells = Sum(columns.Count, client, sums);
                    Array.Copy(client[0].Cells, cells, report.ClientKeyColumns);
                    cells[report.ClientKeyColumns] = ClientTotal;
                    rows.Add(new ReportRow(RowKind.ClientTotal, cells));
                }
            }
            if (report.SheetTotals)
            {
                var total = Sum(columns.Count, group, sums);
                total[0] = name;
                total[ClientNameColumn] = ManagerTotal;
                rows.Add(new ReportRow(RowKind.ManagerTotal, total));
            }
            sheets.Add(new ReportTable(SheetName(name, names), $"{caption} — {name}", columns, rows, id));

            summaryRows.Add(new ReportRow(RowKind.Detail, SummaryCells(name, group, sums)));
        }
        var summaryColumns = new List<ReportColumn>
        {
            new(report.SummaryHeaders.Sheet, CellKind.Text), new(report.SummaryHeaders.Counted, CellKind.Integer, Sum: true), new("Строк", CellKind.Integer, Sum: true),
        };
        summaryColumns.AddRange(sums.Select(i => columns[i]));
        var grand = SummaryCells(GrandTotal, lines, sums);
        summaryRows.Add(new ReportRow(RowKind.GrandTotal, grand));
        return new ReportBook(report.Name, report.Title, scope.AsOf, columns, new ReportTable(SummarySheet, caption, summaryColumns, summaryRows), sheets);
    }

    static object?[] SummaryCells(string label, IReadOnlyCollection<ReportLine> lines, int[] sums)
    {
        var cells = new object?[3 + sums.Length];
        cells[0] = label;
        cells[1] = lines.Select(l => l.ClientId).Where(id => id > 0).Distinct().Count(); // 0: a row of no client (an unmatched payment)
        cells[2] = lines.Count;
        var summed = Sum(sums.Length == 0 ? 0 : sums.Max() + 1, lines, sums);
        for (var i = 0; i < sums.Length; i++) cells[3 + i] = summed[sums[i]];
        return cells;
    }

    static object?[] Sum(int width, IEnumerable<ReportLine> lines, int[] sums)
    {
        var cells = new object?[width];
        var totals = new decimal[sums.Length];
        foreach (var line in lines)
            for (var i = 0; i < sums.Length; i++)
                totals[i] += line.Cells[sums[i]] switch { decimal d => d, int n => n, long n => n, _ => 0m };
        for (var i = 0; i < sums.Length; i++) cells[sums[i]] = totals[i];
        return cells;
    }

    /// <summary>Consecutive lines of one client.</summary>
    static IEnumerable<List<ReportLine>> Runs(List<ReportLine> lines)
    {
        var run = new List<ReportLine>();
        foreach (var line in lines)
        {
            if (run.Count > 0 && run[0].ClientId != line.ClientId)
            {
                yield return run;
                run = [];
            }
            run.Add(line);
        }
        if (run.Count > 0) yield return run;
    }

    /// <summary>Excel's rules: at most 31 characters, none of : \ / ? * [ ], unique within the workbook.</summary>
    static string SheetName(string name, HashSet<string> taken)
    {
        var clean = new string(name.Select(c => ":\\/?*[]".Contains(c) ? ' ' : c).ToArray()).Trim();
        if (clean.Length == 0) clean = "Лист";
        if (clean.Length > 31) clean = clean[..31];
        var candidate = clean;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = clean[..Math.Min(clean.Length, 31 - suffix.Length)] + suffix;
        }
        return candidate;
    }
}
