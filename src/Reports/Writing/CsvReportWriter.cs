using System.Globalization;
using BackOffice.Reports.Engine;
using CsvHelper;

namespace BackOffice.Reports.Writing;

/// <summary>
/// The same report as one CSV file for people who load it elsewhere: the detail rows of every manager sheet under one
/// header row, no totals (a loader would add them twice). UTF-8 with a byte-order mark so that Excel reads the Cyrillic;
/// invariant numbers (a point before kopecks) and ISO dates so that any program reads them the same.
/// </summary>
public static class CsvReportWriter
{
    public static void Write(ReportBook book, Stream output, IProgress<(int Done, int Total)>? progress = null)
    {
        // A client named "=HYPERLINK(…)" must stay text in whoever's spreadsheet opens the file.
        using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { WriteByteOrderMark = true, Injection = CsvInjection.Escape },
            leaveOpen: true);
        foreach (var c in book.Columns) csv.WriteField(c.Header);
        csv.EndRecord();
        var total = book.DetailRows;
        var done = 0;
        foreach (var row in book.Sheets.SelectMany(s => s.Rows).Where(r => r.Kind == RowKind.Detail))
        {
            foreach (var cell in row.Cells)
            {
                switch (cell)
                {
                    case null: csv.WriteField(""); break;
                    case decimal d: csv.WriteField(d, "0.00", CultureInfo.InvariantCulture); break;
                    case int n: csv.WriteField(n, "", CultureInfo.InvariantCulture); break;
                    case long n: csv.WriteField(n, "", CultureInfo.InvariantCulture); break;
                    case DateOnly d: csv.WriteField(d, "yyyy-MM-dd"); break;
                    default: csv.WriteField(cell.ToString() ?? ""); break;
                }
            }
            csv.EndRecord();
            if (++done % 1000 == 0) progress?.Report((done, total));
        }
        progress?.Report((total, total));
    }
}
