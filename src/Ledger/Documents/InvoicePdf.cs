using System.Globalization;
using BackOffice.Ledger.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace BackOffice.Ledger.Documents;

/// <summary>
/// The «Счет на оплату» form as 1C:Бухгалтерия prints it (research/invoice-form.md §1), on one A4 page per ~25 lines:
/// the seller's bank block with the payment QR beside it, title, parties, lines, totals, the amount in words, terms
/// and signatures. Drawn with PDFsharp's XGraphics; the QR is vector squares (PDFsharp 6.2.4 cannot load QRCoder's
/// 1-bit PNG, and squares stay sharp at any zoom).
/// </summary>
public static class InvoicePdf
{
    const double Left = 42, Width = 595 - 2 * 42, Top = 36, Bottom = 842 - 40;
    const double QrSize = 112, Gap = 10;
    const double BankWidth = Width - QrSize - Gap;
    static readonly string[] Months =
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];

    static readonly XFont Regular = Font(8.5), Small = Font(6.5), Bold = Font(8.5, true), Title = Font(13, true), BoldBig = Font(9.5, true);
    static readonly XPen Thin = new(XColors.Black, 0.5), Thick = new(XColors.Black, 1.5);

    static XFont Font(double size, bool bold = false)
    {
        InvoiceFonts.Register();
        return new XFont(InvoiceFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
    }

    /// <summary>«9 февраля 2019 г.»</summary>
    public static string LongDate(DateOnly date) => $"{date.Day} {Months[date.Month - 1]} {date.Year} г.";

    public static string TitleOf(InvoiceDocument d) => $"Счет на оплату № {d.Number} от {LongDate(d.IssueDate)}";

    public static byte[] Render(InvoiceDocument d)
    {
        // Nothing left to pay (credit covered it): no payment code.
        var qr = d.ToPay > 0 ? PaymentQr.Matrix(PaymentQr.Payload(d)) : null;
        using var pdf = new PdfDocument();
        pdf.Info.Title = TitleOf(d);
        pdf.Info.Author = d.Seller.Name;
        pdf.Info.Creator = "BackOffice";
        var page = new Page(pdf);
        var y = BankBlock(page.G, d, Top);
        if (qr is not null) DrawQr(page.G, qr, Left + BankWidth + Gap, Top);
        y = Math.Max(y, Top + QrSize) + 14;

        page.G.DrawString(TitleOf(d), Title, XBrushes.Black, new XPoint(Left, y + 12));
        y += 20;
        page.G.DrawLine(Thick, Left, y, Left + Width, y);
        y += 8;
        y = PartyRow(page.G, "Поставщик\n(Исполнитель):", Describe(d.Seller), y);
        y = PartyRow(page.G, "Покупатель\n(Заказчик):", Describe(d.Buyer), y);
        y += 6;
        y = LinesTable(page, d, y);
        y = Totals(page, d, y + 4);
        y = page.Need(y, 70);
        var g = page.G;
        g.DrawString($"Всего наименований {d.Lines.Count}, на сумму {BusinessText.FormatMoney(d.ToPay)}", Regular, XBrushes.Black, new XPoint(Left, y + 10));
        y += 14;
        foreach (var line in Wrap(g, AmountInWords.Roubles(d.ToPay), BoldBig, Width))
        {
            g.DrawString(line, BoldBig, XBrushes.Black, new XPoint(Left, y + 10));
            y += 13;
        }
        y += 6;
        y = page.Need(y, 80);
        g = page.G;
        foreach (var term in Terms(d))
            foreach (var line in Wrap(g, term, Regular, Width))
            {
                g.DrawString(line, Regular, XBrushes.Black, new XPoint(Left, y + 9));
                y += 11;
            }
        y += 6;
        g.DrawLine(Thick, Left, y, Left + Width, y);
        y += 26;
        Signature(g, "Руководитель", d.Director, Left, y);
        Signature(g, "Бухгалтер", d.Accountant, Left + Width / 2 + 6, y);
        page.Dispose();

        using var output = new MemoryStream();
        pdf.Save(output, false);
        return output.ToArray();
    }

    static IEnumerable<string> Terms(InvoiceDocument d)
    {
        yield return $"Оплатить не позднее {LongDate(d.DueDate)}";
        yield return "Оплата данного счета означает согласие с условиями предоставления услуг. В назначении платежа, пожалуйста, " +
                     $"укажите номер счета: «{PaymentQr.Purpose(d)}» — так платеж будет зачтен автоматически.";
    }

    static string Describe(Party p)
    {
        var parts = new List<string> { p.Name };
        if (!string.IsNullOrWhiteSpace(p.Inn)) parts.Add($"ИНН {p.Inn}");
        if (!string.IsNullOrWhiteSpace(p.Kpp)) parts.Add($"КПП {p.Kpp}");
        if (!string.IsNullOrWhiteSpace(p.Address)) parts.Add(p.Address);
        if (!string.IsNullOrWhiteSpace(p.Phone)) parts.Add($"тел.: {p.Phone}");
        return string.Join(", ", parts);
    }

    /// <summary>The 1C bank block: bank, БИК and correspondent account; ИНН, КПП, recipient and settlement account.</summary>
    static double BankBlock(XGraphics g, InvoiceDocument d, double y)
    {
        double c1 = 222, c2 = 40, c3 = BankWidth - c1 - c2;
        double x1 = Left + c1, x2 = x1 + c2, right = Left + BankWidth;
        // As tall as the QR beside it; the account column wide enough for 20 digits.
        double bankH = 44, innH = 18, payeeH = QrSize - 44 - 18, h = bankH + innH + payeeH;
        g.DrawRectangle(Thin, Left, y, BankWidth, h);
        g.DrawLine(Thin, x1, y, x1, y + h);
        g.DrawLine(Thin, x2, y, x2, y + bankH);
        g.DrawLine(Thin, Left, y + bankH, right, y + bankH);
        g.DrawLine(Thin, x1, y + bankH / 2 - 2, right, y + bankH / 2 - 2);
        g.DrawLine(Thin, Left, y + bankH + innH, x1, y + bankH + innH);
        g.DrawLine(Thin, Left + c1 / 2, y + bankH, Left + c1 / 2, y + bankH + innH);
        g.DrawLine(Thin, x2, y + bankH, x2, y + h);

        Cell(g, d.Bank.BankName, Regular, Left, y, c1, bankH - 10);
        g.DrawString("Банк получателя", Small, XBrushes.Black, new XPoint(Left + 3, y + bankH - 3));
        g.DrawString("БИК", Regular, XBrushes.Black, new XPoint(x1 + 3, y + 11));
        g.DrawString(d.Bank.Bic, Regular, XBrushes.Black, new XPoint(x2 + 3, y + 11));
        g.DrawString("Сч. №", Regular, XBrushes.Black, new XPoint(x1 + 3, y + bankH / 2 + 9));
        g.DrawString(d.Bank.CorrAccount ?? "", Regular, XBrushes.Black, new XPoint(x2 + 3, y + bankH / 2 + 9));

        g.DrawString($"ИНН {d.Seller.Inn}", Regular, XBrushes.Black, new XPoint(Left + 3, y + bankH + 12));
        g.DrawString(string.IsNullOrEmpty(d.Seller.Kpp) ? "КПП" : $"КПП {d.Seller.Kpp}", Regular, XBrushes.Black, new XPoint(Left + c1 / 2 + 3, y + bankH + 12));
        g.DrawString("Сч. №", Regular, XBrushes.Black, new XPoint(x1 + 3, y + bankH + 12));
        g.DrawString(d.Bank.Account, Regular, XBrushes.Black, new XPoint(x2 + 3, y + bankH + 12));
        Cell(g, d.Seller.Name, Regular, Left, y + bankH + innH, c1, payeeH - 10);
        g.DrawString("Получатель", Small, XBrushes.Black, new XPoint(Left + 3, y + h - 3));
        return y + h;
    }

    static void Cell(XGraphics g, string text, XFont font, double x, double y, double width, double height)
    {
        var lineY = y + 10;
        foreach (var line in Wrap(g, text, font, width - 6))
        {
            if (lineY > y + height + 2) break;
            g.DrawString(line, font, XBrushes.Black, new XPoint(x + 3, lineY));
            lineY += 10;
        }
    }

    static void DrawQr(XGraphics g, IReadOnlyList<System.Collections.BitArray> matrix, double x, double y)
    {
        var module = QrSize / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
        {
            var bits = matrix[row];
            for (var col = 0; col < bits.Length; col++)
            {
                if (!bits[col]) continue;
                var run = 1;
                while (col + run < bits.Length && bits[col + run]) run++; // a run of dark modules is one rectangle
                // A hair wider than the module, so that neighbouring rows leave no white seam at any zoom.
                g.DrawRectangle(XBrushes.Black, x + col * module, y + row * module, run * module + 0.05, module + 0.05);
                col += run - 1;
            }
        }
    }

    static double PartyRow(XGraphics g, string label, string text, double y)
    {
        const double labelWidth = 78;
        var labelLines = label.Split('\n');
        for (var i = 0; i < labelLines.Length; i++)
            g.DrawString(labelLines[i], Regular, XBrushes.Black, new XPoint(Left, y + 10 + i * 10));
        var lines = Wrap(g, text, Bold, Width - labelWidth);
        for (var i = 0; i < lines.Count; i++)
            g.DrawString(lines[i], Bold, XBrushes.Black, new XPoint(Left + labelWidth, y + 10 + i * 11));
        return y + Math.Max(labelLines.Length * 10, lines.Count * 11) + 8;
    }

    static readonly (string Head, double Width, XStringFormat Align)[] Columns =
    [
        ("№", 22, XStringFormats.TopCenter), ("Товары (работы, услуги)", 0, XStringFormats.TopLeft), ("Кол-во", 42, XStringFormats.TopRight),
        ("Ед.", 32, XStringFormats.TopLeft), ("Цена", 70, XStringFormats.TopRight), ("Сумма", 74, XStringFormats.TopRight),
    ];

    static double[] ColumnWidths()
    {
        var widths = Columns.Select(c => c.Width).ToArray();
        widths[1] = Width - widths.Sum();
        return widths;
    }

    static double LinesTable(Page page, InvoiceDocument d, double y)
    {
        var widths = ColumnWidths();
        y = Header(page, widths, y);
        foreach (var line in d.Lines)
        {
            var nameLines = Wrap(page.G, line.Name, Regular, widths[1] - 6);
            var height = nameLines.Count * 10 + 5;
            if (y + height > Bottom)
            {
                page.G.DrawRectangle(Thick, Left, page.TableTop, Width, y - page.TableTop);
                y = Header(page, widths, page.Next());
            }
            var g = page.G;
            string[] cells = ["", "", Quantity(line.Quantity), line.Unit, BusinessText.FormatFigure(line.Price), BusinessText.FormatFigure(line.Sum)];
            cells[0] = line.No.ToString(CultureInfo.InvariantCulture);
            var x = Left;
            for (var c = 0; c < widths.Length; c++)
            {
                g.DrawRectangle(Thin, x, y, widths[c], height);
                if (c == 1)
                    for (var i = 0; i < nameLines.Count; i++)
                        g.DrawString(nameLines[i], Regular, XBrushes.Black, new XRect(x + 3, y + 2 + i * 10, widths[c] - 6, 10), XStringFormats.TopLeft);
                else
                    g.DrawString(cells[c], Regular, XBrushes.Black, new XRect(x + 3, y + 2, widths[c] - 6, 10), Columns[c].Align);
                x += widths[c];
            }
            y += height;
        }
        page.G.DrawRectangle(Thick, Left, page.TableTop, Width, y - page.TableTop);
        return y;
    }

    static double Header(Page page, double[] widths, double y)
    {
        var g = page.G;
        var x = Left;
        for (var c = 0; c < widths.Length; c++)
        {
            g.DrawRectangle(Thin, x, y, widths[c], 16);
            g.DrawString(Columns[c].Head, Bold, XBrushes.Black, new XRect(x, y + 4, widths[c], 10), XStringFormats.TopCenter);
            x += widths[c];
        }
        page.TableTop = y;
        return y + 16;
    }

    static string Quantity(decimal q) => q.ToString("0.###", CultureInfo.GetCultureInfo("ru-RU"));

    static double Totals(Page page, InvoiceDocument d, double y)
    {
        var rows = new List<(string Label, string Value)> { ("Итого:", BusinessText.FormatFigure(d.Total)) };
        rows.Add(d.VatRate is { } rate
            ? ($"В том числе НДС {rate.ToString("0.##", CultureInfo.InvariantCulture)} %:", BusinessText.FormatFigure(d.VatAmount))
            : ("Без налога (НДС)", "-"));
        if (d.CreditApplied != 0) rows.Add(("Зачтен аванс:", BusinessText.FormatFigure(d.CreditApplied)));
        rows.Add(("Всего к оплате:", BusinessText.FormatFigure(d.ToPay)));
        y = page.Need(y, rows.Count * 12 + 4);
        var g = page.G;
        var valueWidth = Columns[^1].Width;
        foreach (var (label, value) in rows)
        {
            g.DrawString(label, Bold, XBrushes.Black, new XRect(Left, y, Width - valueWidth - 6, 12), XStringFormats.TopRight);
            g.DrawString(value, Bold, XBrushes.Black, new XRect(Left + Width - valueWidth, y, valueWidth - 3, 12), XStringFormats.TopRight);
            y += 12;
        }
        return y + 4;
    }

    static void Signature(XGraphics g, string role, string? name, double x, double y)
    {
        g.DrawString(role, Bold, XBrushes.Black, new XPoint(x, y));
        var roleWidth = g.MeasureString(role, Bold).Width + 6;
        g.DrawLine(Thin, x + roleWidth, y + 2, x + roleWidth + 90, y + 2);
        if (!string.IsNullOrWhiteSpace(name))
            g.DrawString(name, Regular, XBrushes.Black, new XPoint(x + roleWidth + 96, y));
    }

    /// <summary>Greedy word wrap by measured width; a word longer than the width is cut where it must be.</summary>
    static List<string> Wrap(XGraphics g, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (g.MeasureString(candidate, font).Width <= width) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (g.MeasureString(line, font).Width > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && g.MeasureString(line[..cut], font).Width > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>The page being drawn; a long invoice continues on a new page with the table's header repeated.</summary>
    sealed class Page(PdfDocument pdf) : IDisposable
    {
        XGraphics? g;
        public XGraphics G => g ??= XGraphics.FromPdfPage(NewPage());
        public double TableTop { get; set; } = Top;

        PdfPage NewPage()
        {
            var page = pdf.AddPage();
            page.Size = PageSize.A4;
            return page;
        }

        public double Next()
        {
            g?.Dispose();
            g = XGraphics.FromPdfPage(NewPage());
            return Top;
        }

        public double Need(double y, double height) => y + height <= Bottom ? y : Next();

        public void Dispose() => g?.Dispose();
    }
}
