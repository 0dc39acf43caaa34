using System.Globalization;
using BackOffice.Reports.Engine;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BackOffice.Reports.Writing;

/// <summary>
/// The same workbook as <see cref="XlsxReportWriter"/> — sheets, typed cells, number formats, fills, bold totals, widths,
/// frozen header, autofilter, landscape print on one page wide with the header repeated — streamed row by row with
/// DocumentFormat.OpenXml's OpenXmlWriter and inline strings, with no workbook model in memory. For large books:
/// bench/Reports measured ClosedXML at ~7× this writer's CPU and ~5× its memory on the 20,000-client debtors book.
/// </summary>
public static class StreamingXlsxWriter
{
    // Style index = (format * Fills.Length + fill) * Fonts + font; fonts: 0 plain, 1 bold, 2 the caption's (bold, 12 pt).
    static readonly string?[] Formats = [null, SheetStyle.Integer, SheetStyle.Rub, SheetStyle.Date, SheetStyle.Percent];
    static readonly string?[] Fills =
    [
        null, SheetStyle.HeaderFill, SheetStyle.OverdueFill(1), SheetStyle.OverdueFill(31), SheetStyle.OverdueFill(61), SheetStyle.OverdueFill(91),
        SheetStyle.ClientTotalFill, SheetStyle.ManagerTotalFill, SheetStyle.GrandTotalFill,
    ];
    const int Fonts = 3, Bold = 1, CaptionFont = 2, HeaderFill = 1;

    public static void Write(ReportBook book, Stream output, IProgress<(int Done, int Total)>? progress = null)
    {
        var total = book.Summary.Rows.Count + book.Sheets.Sum(s => s.Rows.Count);
        var done = 0;
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            styles.Stylesheet.Save();
            var sheets = new Sheets();
            var names = new DefinedNames();
            uint index = 0;
            foreach (var table in book.Sheets.Prepend(book.Summary))
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                var lastRow = WriteSheet(part, table, ref done, total, progress);
                sheets.Append(new Sheet { Name = table.SheetName, SheetId = index + 1, Id = workbookPart.GetIdOfPart(part) });
                var quoted = "'" + table.SheetName.Replace("'", "''", StringComparison.Ordinal) + "'";
                names.Append(new DefinedName($"{quoted}!$A$2:${ColumnName(table.Columns.Count)}${lastRow}")
                    { Name = "_xlnm._FilterDatabase", LocalSheetId = index, Hidden = true });
                names.Append(new DefinedName($"{quoted}!$1:$2") { Name = "_xlnm.Print_Titles", LocalSheetId = index });
                index++;
            }
            workbookPart.Workbook = new Workbook(sheets, names);
            workbookPart.Workbook.Save();
        }
        progress?.Report((total, total));
    }

    /// <summary>Writes one sheet; returns its last row number.</summary>
    static int WriteSheet(WorksheetPart part, ReportTable table, ref int done, int total, IProgress<(int Done, int Total)>? progress)
    {
        var columns = table.Columns;
        using var w = OpenXmlWriter.Create(part);
        w.WriteStartElement(new Worksheet());
        w.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
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
        Text(w, table.Caption, Style(0, 0, CaptionFont));
        w.WriteEndElement();
        StartRow(w, r++);
        foreach (var c in columns) Text(w, c.Header, Style(0, HeaderFill, Bold));
        w.WriteEndElement();
        var formats = columns.Select(c => c.Kind switch
        {
            CellKind.Integer => 1, CellKind.Money => 2, CellKind.Date => 3, CellKind.Percent => 4, _ => 0,
        }).ToArray();
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
            var font = row.Kind == RowKind.Detail ? 0 : Bold;
            for (var c = 0; c < columns.Count; c++)
            {
                var style = Style(formats[c], fill, font);
                switch (row.Cells[c])
                {
                    case null: Empty(w, style); break;
                    case string s: Text(w, s, style); break;
                    case decimal d: Number(w, d.ToString(CultureInfo.InvariantCulture), style); break;
                    case int n: Number(w, n.ToString(CultureInfo.InvariantCulture), style); break;
                    case long n: Number(w, n.ToString(CultureInfo.InvariantCulture), style); break;
                    case DateOnly d: Number(w, d.DayNumber - Epoch, style); break;
                    default: throw new ArgumentException($"A report cell cannot hold a {row.Cells[c]!.GetType().Name}.", nameof(table));
                }
            }
            w.WriteEndElement();
            if (++done % 1000 == 0) progress?.Report((done, total));
        }
        w.WriteEndElement();
        var last = Math.Max(r - 1, 2);
        w.WriteElement(new AutoFilter { Reference = $"A2:{ColumnName(columns.Count)}{last}" });
        w.WriteElement(new PageMargins { Left = 0.7, Right = 0.7, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
        w.WriteElement(new PageSetup { Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
        w.WriteEndElement();
        return last;
    }

    /// <summary>Excel's serial day 0 (1899-12-30, after its 1900 leap-year quirk) as a day number.</summary>
    static readonly int Epoch = new DateOnly(1899, 12, 30).DayNumber;

    static void Number(OpenXmlWriter w, int serialDay, uint style) => Number(w, serialDay.ToString(CultureInfo.InvariantCulture), style);

    static void StartRow(OpenXmlWriter w, int index) => w.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", index.ToString(CultureInfo.InvariantCulture))]);

    static void Text(OpenXmlWriter w, string text, uint style)
    {
        w.WriteStartElement(new Cell(), [new OpenXmlAttribute("t", "", "inlineStr"), new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture))]);
        w.WriteElement(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        w.WriteEndElement();
    }

    static void Number(OpenXmlWriter w, string value, uint style)
    {
        w.WriteStartElement(new Cell(), [new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture))]);
        w.WriteElement(new CellValue(value));
        w.WriteEndElement();
    }

    /// <summary>Written even when unstyled: the cells carry no reference, so a reader places each after the one before.</summary>
    static void Empty(OpenXmlWriter w, uint style)
    {
        w.WriteStartElement(new Cell(), [new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture))]);
        w.WriteEndElement();
    }

    static uint Style(int format, int fill, int font) => (uint)((format * Fills.Length + fill) * Fonts + font);

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
        numberingFormats.Count = (uint)numberingFormats.ChildElements.Count;
        var fills = new DocumentFormat.OpenXml.Spreadsheet.Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }));
        foreach (var colour in Fills.Skip(1))
            fills.Append(new Fill(new PatternFill(new ForegroundColor { Rgb = "FF" + colour![1..] }, new BackgroundColor { Indexed = 64 })
                { PatternType = PatternValues.Solid }));
        var formats = new CellFormats();
        for (var f = 0; f < Formats.Length; f++)
            for (var fill = 0; fill < Fills.Length; fill++)
                for (var font = 0; font < Fonts; font++)
                    formats.Append(new CellFormat
                    {
                        NumberFormatId = formatIds[f], FillId = fill == 0 ? 0u : (uint)fill + 1, FontId = (uint)font, BorderId = 0, FormatId = 0,
                        ApplyNumberFormat = f > 0, ApplyFill = fill > 0, ApplyFont = font > 0,
                    });
        return new Stylesheet(
            numberingFormats,
            new DocumentFormat.OpenXml.Spreadsheet.Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 12 }, new FontName { Val = "Calibri" })),
            fills,
            new Borders(new Border()),
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }),
            formats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
    }
}
