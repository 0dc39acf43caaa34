namespace BackOffice.Reports.Engine;

/// <summary>What a column holds; the writers store each kind as Excel stores it (numbers and dates, never text).</summary>
public enum CellKind { Text, Integer, Money, Date, Percent }

/// <param name="Sum">Added up in the client, manager and overall totals.</param>
public sealed record ReportColumn(string Header, CellKind Kind, bool Sum = false);

public enum RowKind { Detail, ClientTotal, ManagerTotal, GrandTotal }

/// <summary>
/// One row of a sheet; <see cref="Cells"/> follow the columns (string, int, long, decimal, DateOnly or null).
/// <see cref="DaysOverdue"/> above zero shades the row by age.
/// </summary>
public sealed record ReportRow(RowKind Kind, object?[] Cells, int DaysOverdue = 0);

/// <summary>One sheet: a caption line above a header row, then the rows.</summary>
public sealed record ReportTable(string SheetName, string Caption, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows,
    int? ManagerId = null);

/// <summary>A whole report: the summary sheet first, then a sheet per manager.</summary>
public sealed record ReportBook(string Name, string Title, DateOnly AsOf, IReadOnlyList<ReportColumn> Columns, ReportTable Summary,
    IReadOnlyList<ReportTable> Sheets)
{
    public int DetailRows => Sheets.Sum(s => s.Rows.Count(r => r.Kind == RowKind.Detail));
}
