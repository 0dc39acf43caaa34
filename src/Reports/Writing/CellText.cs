using System.Globalization;
using BackOffice.Reports.Engine;

namespace BackOffice.Reports.Writing;

/// <summary>A cell as a person sees it in the sheet: what its width is computed from.</summary>
public static class CellText
{
    static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static int Length(object? value, CellKind kind) => value switch
    {
        null => 0,
        string s => s.Length,
        decimal d => d.ToString("N2", Ru).Length + (kind == CellKind.Money ? 2 : 0),
        DateOnly => 10,
        int n => n.ToString(CultureInfo.InvariantCulture).Length,
        long n => n.ToString(CultureInfo.InvariantCulture).Length,
        _ => value.ToString()?.Length ?? 0,
    };

    /// <summary>Character widths in Excel's unit, from the longest text of each column (header included): never
    /// ClosedXML's AdjustToContents, which needs libgdiplus on Linux and costs several times the whole write (DESIGN.md).</summary>
    public static double[] Widths(ReportTable table)
    {
        var widths = new int[table.Columns.Count];
        for (var c = 0; c < widths.Length; c++)
            widths[c] = table.Columns[c].Header.Length;
        foreach (var row in table.Rows)
            for (var c = 0; c < widths.Length; c++)
                widths[c] = Math.Max(widths[c], Length(row.Cells[c], table.Columns[c].Kind));
        // Bold totals and the filter button need a little more than the characters; very long names wrap at 60.
        return widths.Select(w => Math.Clamp(w * 1.1 + 3, 8, 60)).ToArray();
    }
}
