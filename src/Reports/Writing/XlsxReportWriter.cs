using BackOffice.Reports.Engine;
using ClosedXML.Excel;

namespace BackOffice.Reports.Writing;

/// <summary>
/// The workbook (ClosedXML): the summary sheet, then a sheet per manager; a caption line, a frozen header row with an
/// autofilter, numbers and dates stored as such with the RUB and date formats, totals in bold, overdue rows shaded by age.
/// </summary>
public static class XlsxReportWriter
{
    const int CaptionRow = 1, HeaderRow = 2, FirstRow = 3;

    public static void Write(ReportBook book, Stream output, IProgress<(int Done, int Total)>? progress = null)
    {
        using var workbook = new XLWorkbook();
        var total = book.Summary.Rows.Count + book.Sheets.Sum(s => s.Rows.Count);
        var done = 0;
        foreach (var table in book.Sheets.Prepend(book.Summary))
            WriteSheet(workbook, table, ref done, total, progress);
        workbook.SaveAs(output);
        progress?.Report((total, total));
    }

    static void WriteSheet(XLWorkbook workbook, ReportTable table, ref int done, int total, IProgress<(int Done, int Total)>? progress)
    {
        var sheet = workbook.Worksheets.Add(table.SheetName);
        var columns = table.Columns;
        var caption = sheet.Cell(CaptionRow, 1);
        caption.SetValue(table.Caption);
        caption.Style.Font.Bold = true;
        caption.Style.Font.FontSize = 12;

        for (var c = 0; c < columns.Count; c++)
            sheet.Cell(HeaderRow, c + 1).SetValue(columns[c].Header);
        var header = sheet.Range(HeaderRow, 1, HeaderRow, columns.Count);
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml(SheetStyle.HeaderFill);

        var r = FirstRow;
        foreach (var row in table.Rows)
        {
            for (var c = 0; c < columns.Count; c++)
                Set(sheet.Cell(r, c + 1), row.Cells[c]);
            var fill = row.Kind == RowKind.Detail ? SheetStyle.OverdueFill(row.DaysOverdue) : SheetStyle.TotalFill(row.Kind);
            if (fill is not null || row.Kind != RowKind.Detail)
            {
                var range = sheet.Range(r, 1, r, columns.Count);
                if (fill is not null) range.Style.Fill.BackgroundColor = XLColor.FromHtml(fill);
                if (row.Kind != RowKind.Detail) range.Style.Font.Bold = true;
            }
            r++;
            if (++done % 1000 == 0) progress?.Report((done, total));
        }
        var last = Math.Max(r - 1, HeaderRow);
        for (var c = 0; c < columns.Count; c++)
            if (SheetStyle.Format(columns[c].Kind) is { } format && last >= FirstRow)
                sheet.Range(FirstRow, c + 1, last, c + 1).Style.NumberFormat.Format = format;

        var widths = CellText.Widths(table);
        for (var c = 0; c < columns.Count; c++)
            sheet.Column(c + 1).Width = widths[c];
        sheet.SheetView.FreezeRows(HeaderRow);
        // Printed (or saved as PDF): landscape, all columns on one page wide, the caption and header on every page.
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.FitToPages(1, 0);
        sheet.PageSetup.SetRowsToRepeatAtTop(CaptionRow, HeaderRow);
        sheet.Range(HeaderRow, 1, last, columns.Count).SetAutoFilter();
    }

    static void Set(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null: break;
            case string s: cell.SetValue(s); break;
            case decimal d: cell.SetValue(d); break;
            case int n: cell.SetValue(n); break;
            case long n: cell.SetValue(n); break;
            case DateOnly d: cell.SetValue(d.ToDateTime(TimeOnly.MinValue)); break;
            default: throw new ArgumentException($"A report cell cannot hold a {value.GetType().Name}.", nameof(value));
        }
    }
}
