namespace BackOffice.Reports.Engine;

/// <summary>A detail row as a report reads it, before it is grouped into manager sheets with totals.</summary>
public sealed record ReportLine(int? ManagerId, string Manager, int ClientId, object?[] Cells, int DaysOverdue = 0);
