using System.Diagnostics;
using BackOffice.Bench.Reports;
using BackOffice.Ledger.Database;
using BackOffice.Reports.Engine;
using BackOffice.Reports.Writing;
using BackOffice.Tests.Support;
using ClosedXML.Excel;
using Dapper;

// The debtors workbook for N clients with M invoices (issue 12): the engine's query and layout, then the same book written
// by both workbook writers — StreamingXlsxWriter (DocumentFormat.OpenXml's OpenXmlWriter, what the engine uses from
// ReportEngine.StreamFromRows rows; the floor) and XlsxReportWriter (ClosedXML, small books and the mailed ones) — and the CSV.
// Peak working set is the process's, which only grows: the phases run from the lightest to the heaviest.
var clients = Arg("--clients", 20_000);
var invoices = Arg("--invoices", 100_000);
var folder = Directory.CreateTempSubdirectory("bench-reports-").FullName;

var cluster = new PostgresCluster();
await cluster.InitializeAsync();
try
{
    Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
    await using var db = Db.CreateDataSource(await cluster.CreateDatabaseAsync());
    var seed = Stopwatch.StartNew();
    await DebtorData.SeedAsync(db, clients, invoices);
    Console.WriteLine($"seeded (binary COPY, untimed) in {seed.Elapsed.TotalSeconds:0.0} s: {clients:N0} clients, {invoices:N0} invoices");
    var engine = new ReportEngine(db, ReportCatalogue.Standard());
    var today = DebtorData.AsOf.AddDays(3);

    // Warm-up on a small report so that JIT and the first connection are not timed.
    await engine.BuildAsync("debtors", new ReportRequest(DebtorData.AsOf, "101"), today);
    var warm = await engine.BuildAsync("debtors", new ReportRequest(DebtorData.AsOf, "manager0"), today);
    XlsxReportWriter.Write(warm, Stream.Null);
    using (var scratch = new MemoryStream()) StreamingXlsxWriter.Write(warm, scratch);
    using (var scratch = new MemoryStream()) CsvReportWriter.Write(warm, scratch);

    var (book, build) = await Measure("query + layout (ReportEngine.BuildAsync)", () => engine.BuildAsync("debtors", new ReportRequest(DebtorData.AsOf), today));
    var rows = book.Sheets.Sum(s => s.Rows.Count);
    var cells = rows * book.Columns.Count;
    Console.WriteLine($"  {book.DetailRows:N0} detail rows, {rows:N0} rows with totals, {book.Sheets.Count + 1} sheets, {cells:N0} cells");

    var csvPath = Path.Combine(folder, "debtors.csv");
    await Measure("CSV (CsvHelper)", () => { using var f = File.Create(csvPath); CsvReportWriter.Write(book, f); return Task.FromResult(0); });
    var floorPath = Path.Combine(folder, "floor.xlsx");
    var (_, floor) = await Measure("StreamingXlsxWriter (OpenXmlWriter; the floor)", () => { using var f = File.Create(floorPath); StreamingXlsxWriter.Write(book, f); return Task.FromResult(0); });
    var xlsxPath = Path.Combine(folder, "debtors.xlsx");
    var (_, closed) = await Measure("ClosedXML workbook (XlsxReportWriter)", () => { using var f = File.Create(xlsxPath); XlsxReportWriter.Write(book, f); return Task.FromResult(0); });
    Console.WriteLine($"files: xlsx {new FileInfo(xlsxPath).Length / 1048576.0:0.0} MiB, floor {new FileInfo(floorPath).Length / 1048576.0:0.0} MiB, " +
                      $"csv {new FileInfo(csvPath).Length / 1048576.0:0.0} MiB");
    Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine($"ClosedXML / streaming: {closed.Wall / floor.Wall:0.0}x wall, {closed.Cpu / floor.Cpu:0.0}x CPU; whole report (query + streaming, as the engine writes it): " +
                      $"{(build.Wall + floor.Wall).TotalSeconds:0.00} s wall, {(build.Cpu + floor.Cpu).TotalSeconds:0.00} s CPU");

    // Both files open, and hold the same numbers: the floor is a fair floor, not a smaller job.
    using (var a = new XLWorkbook(xlsxPath))
    using (var b = new XLWorkbook(floorPath))
    {
        var sheet = a.Worksheets.Last().Name;
        var same = a.Worksheets.Count == b.Worksheets.Count
                   && a.Worksheet(sheet).LastRowUsed().RowNumber() == b.Worksheet(sheet).LastRowUsed().RowNumber()
                   && a.Worksheet(1).Cell(a.Worksheet(1).LastRowUsed().RowNumber(), 6).GetDouble() == b.Worksheet(1).Cell(b.Worksheet(1).LastRowUsed().RowNumber(), 6).GetDouble();
        Console.WriteLine($"both files read back with ClosedXML; same sheets, rows and overall balance: {same}");
    }
    // --keep DIR: both workbooks stay there (to open them in LibreOffice or Excel).
    if (Array.IndexOf(args, "--keep") is var k and >= 0 && k + 1 < args.Length)
    {
        File.Copy(floorPath, Path.Combine(args[k + 1], "debtors-streamed.xlsx"), overwrite: true);
        File.Copy(xlsxPath, Path.Combine(args[k + 1], "debtors-closedxml.xlsx"), overwrite: true);
    }
}
finally
{
    await cluster.DisposeAsync();
    Directory.Delete(folder, recursive: true);
}

static async Task<(T Result, (TimeSpan Wall, TimeSpan Cpu) Time)> Measure<T>(string what, Func<Task<T>> run)
{
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var result = await run();
    watch.Stop();
    using var process = Process.GetCurrentProcess();
    // On a shared machine the wall time swings with the others' load; the process's CPU time much less.
    Console.WriteLine($"{what}: {watch.Elapsed.TotalSeconds:0.000} s wall, {(process.TotalProcessorTime - cpu).TotalSeconds:0.000} s CPU, GC allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:0} MiB, " +
                      $"peak working set so far {process.PeakWorkingSet64 / 1048576.0:0} MiB");
    return (result, (watch.Elapsed, process.TotalProcessorTime - cpu));
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
