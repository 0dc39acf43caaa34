using System.Diagnostics;
using BackOffice.Ledger.Documents;
using BackOffice.Ledger.Organisations;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

// The PDFs of a 100k-service renewal run (32,400 invoices): the «Счет на оплату» form with its QR, rendered in memory one
// after another (the mailer renders one invoice per transaction), beside a floor measured in the same process: PDFsharp
// writing one A4 page with the same two embedded fonts and one line of text each. Database reads are not timed here.
var count = args.Length > 1 && args[0] == "--invoices" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 32_400;
Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");

var seller = new Party("ООО «Лайв Технологии»", "7709983032", "770901001", "101000, г. Москва, Уланский пер, д. 22, стр. 1", null);
var bank = new BankAccount("40702810502080001823", "044525593", "АО \"АЛЬФА-БАНК\"", "30101810200000000593");
string[] names = ["Доступ на пользователя \"Стандарт\"", "Пакет лицензий 1С в аренду", "БИТ:Отель 8. ПРОФ", "Пакет дискового пространства 5ГБ"];
InvoiceDocument Invoice(int i)
{
    var lines = Enumerable.Range(0, 1 + i % 4).Select(n => new DocumentLine(n + 1, $"{names[n]} (01/02/2026 - 31/07/2026)", 1, "усл.", 4560m + i % 1000, 4560m + i % 1000)).ToList();
    var total = lines.Sum(l => l.Sum);
    return new InvoiceDocument(72816 + i, new DateOnly(2026, 1, 18), new DateOnly(2026, 2, 1), seller, bank,
        new Party($"ООО «Клиент {i}»", "7708305901", "770801001", "101000, Москва, Уланский пер, дом 14", null), lines, total, 0m, null, 0m)
    { Director = "Ёлкин А. В.", Accountant = "Семёнова О. Н." };
}

byte[] Floor()
{
    InvoiceFonts.Register();
    using var pdf = new PdfDocument();
    var page = pdf.AddPage();
    using (var g = XGraphics.FromPdfPage(page))
    {
        g.DrawString("Счет на оплату № 72816", new XFont(InvoiceFonts.Family, 13, XFontStyleEx.Bold), XBrushes.Black, 40, 40);
        g.DrawString("Сорок восемь тысяч рублей 00 копеек", new XFont(InvoiceFonts.Family, 8.5), XBrushes.Black, 40, 60);
    }
    using var output = new MemoryStream();
    pdf.Save(output, false);
    return output.ToArray();
}

(double PerSecond, long Bytes) Time(string what, int n, Func<int, byte[]> render)
{
    render(0); // fonts loaded, JIT warm
    GC.Collect();
    var clock = Stopwatch.StartNew();
    long bytes = 0;
    for (var i = 0; i < n; i++) bytes += render(i).Length;
    clock.Stop();
    var rate = n / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{what,-34} {n,7} documents in {clock.Elapsed.TotalSeconds,7:F1} s = {rate,7:F0}/s, {bytes / n / 1024.0,6:F1} KB each");
    return (rate, bytes / n);
}

var floor = Time("floor: one page, same fonts", count, _ => Floor());
var form = Time("invoice form with QR (1-4 lines)", count, i => InvoicePdf.Render(Invoice(i)));
var qrOnly = Time("of which the QR matrix alone", count, i => { PaymentQr.Matrix(PaymentQr.Payload(Invoice(i))); return []; });
Console.WriteLine($"form/floor time ratio {floor.PerSecond / form.PerSecond:F2}; one invoice PDF {form.Bytes / 1024.0:F1} KB; " +
                  $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MB; load average {File.ReadAllText("/proc/loadavg").Trim()}");
_ = qrOnly;
