using System.Globalization;
using BackOffice.Reports.Engine;
using BackOffice.Reports.Writing;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BackOffice.Bench.Reports;

/// <summary>
/// The floor: the same sheets, cells, number formats, fills, bold totals, column widths, frozen header and autofilter,
/// streamed with DocumentFormat.OpenXml's OpenXmlWriter (SAX) — no workbook model in memory, inline strings.
/// </summary>
static class OpenXmlFloor
{
    // Style index = (format * Fills.Length + fill) * 2 + bold.
    static readonly string?[] Formats = [null, SheetStyle.Integer, SheetStyle.Rub, SheetStyle.Date];
    static readonly string?[] Fills =
    [
        null, SheetStyle.HeaderFill, SheetStyle.OverdueFill(1), SheetStyle.OverdueFill(31), SheetStyle.OverdueFill(61), SheetStyle.OverdueFill(91),
        SheetStyle.ClientTotalFill, SheetStyle.ManagerTotalFill, SheetStyle.GrandTotalFill,
    ];

    public static void Write(ReportBook book, Stream output)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        styles.Stylesheet.Save();
        var sheets = new Sheets();
        uint id = 1;
        foreach (var table in book.Sheets.Prepend(book.Summary))
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            WriteSheet(part, table);
            sheets.Append(new Sheet { Name = table.SheetName, SheetId = id++, Id = workbookPart.GetIdOfPart(part) });
        }
        workbookPart.Workbook = new Workbook(sheets);
        workbookPart.Workbook.Save();
    }

    static void WriteSheet(WorksheetPart part, ReportTable table)
    {
        var columns = table.Columns;
        using var w = OpenXmlWriter.Create(part);
        w.WriteStartElement(new Worksheet());
        w.WriteElement(new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = 2, TopLeftCell = "A3", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
        }) { WorkbookViewId = 0 }));
        w.WriteStartElement(new Columns());
        var widths = CellText.Widths(table);
        for (var c = 0; c < columns.Count; c++)
            w.WriteElement(new Column { Min = (uint)c + 1, Max = (uint)c + 1, Width = widths[c], CustomWidth = true });
        w.WriteEndElement();

        w.WriteStartElement(new SheetData());
        var r = 1;
        StartRow(w, r++);
        Text(w, table.Caption, Style(0, 0, bold: true));
        w.WriteEndElement();
        StartRow(w, r++);
        foreach (var c in columns) Text(w, c.Header, Style(0, 1, bold: true));
        w.WriteEndElement();
        foreach (var row in table.Rows)
        {
            StartRow(w, r++);
            var fill = row.Kind switch
            {
                RowKind.ClientTotal => 6,
                RowKind.ManagerTotal => 7,
                RowKind.GrandTotal => 8,
                _ => row.DaysOverdue switch { <= 0 => 0, <= 30 => 2, <= 60 => 3, <= 90 => 4, _ => 5 },
            };
            var bold = row.Kind != RowKind.Detail;
            for (var c = 0; c < columns.Count; c++)
            {
                var format = columns[c].Kind switch { CellKind.Integer => 1, CellKind.Money => 2, CellKind.Date => 3, _ => 0 };
                var style = Style(format, fill, bold);
                switch (row.Cells[c])
                {
                    case null: Empty(w, style); break;
                    case string s: Text(w, s, style); break;
                    case decimal d: Number(w, d.ToString(CultureInfo.InvariantCulture), style); break;
                    case int n: Number(w, n.ToString(CultureInfo.InvariantCulture), style); break;
                    case long n: Number(w, n.ToString(CultureInfo.InvariantCulture), style); break;
                    case DateOnly d: Number(w, d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture), style); break;
                }
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteElement(new AutoFilter { Reference = $"A2:{ColumnName(columns.Count)}{Math.Max(r - 1, 2)}" });
        w.WriteEndElement();
    }

    static void StartRow(OpenXmlWriter w, int index) => w.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", index.ToString(CultureInfo.InvariantCulture))]);

    static void Text(OpenXmlWriter w, string text, uint style)
    {
        w.WriteStartElement(new Cell(), [new OpenXmlAttribute("t", "", "inlineStr"), new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture))]);
        w.WriteElement(new InlineString(new Text(text)));
        w.WriteEndElement();
    }

    static void Number(OpenXmlWriter w, string value, uint style)
    {
        w.WriteStartElement(new Cell(), [new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture))]);
        w.WriteElement(new CellValue(value));
        w.WriteEndElement();
    }

    static void Empty(OpenXmlWriter w, uint style)
    {
        if (style == 0) return;
        w.WriteStartElement(new Cell(), [new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture))]);
        w.WriteEndElement();
    }

    static uint Style(int format, int fill, bool bold) => (uint)((format * Fills.Length + fill) * 2 + (bold ? 1 : 0));

    static string ColumnName(int n)
    {
        var name = "";
        for (; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    static Stylesheet Stylesheet()
    {
        var numberingFormats = new NumberingFormats();
        var formatIds = new uint[Formats.Length];
        for (var f = 0; f < Formats.Length; f++)
        {
            if (Formats[f] is null) continue;
            formatIds[f] = (uint)(164 + f);
            numberingFormats.Append(new NumberingFormat { NumberFormatId = formatIds[f], FormatCode = Formats[f] });
        }
        var fills = new DocumentFormat.OpenXml.Spreadsheet.Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }));
        foreach (var colour in Fills.Skip(1))
            fills.Append(new Fill(new PatternFill(new ForegroundColor { Rgb = "FF" + colour![1..] }) { PatternType = PatternValues.Solid }));
        var formats = new CellFormats();
        for (var f = 0; f < Formats.Length; f++)
            for (var fill = 0; fill < Fills.Length; fill++)
                for (var bold = 0; bold < 2; bold++)
                    formats.Append(new CellFormat
                    {
                        NumberFormatId = formatIds[f], FillId = fill == 0 ? 0u : (uint)fill + 1, FontId = (uint)bold, BorderId = 0,
                        ApplyNumberFormat = f > 0, ApplyFill = fill > 0, ApplyFont = bold > 0,
                    });
        return new Stylesheet(
            numberingFormats,
            new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })),
            fills,
            new Borders(new Border()),
            formats);
    }
}
