using System.Diagnostics;
using System.Globalization;
using System.Text;
using BackOffice.Bench;
using BackOffice.Bench.BankImport;
using BackOffice.Ledger.Database;
using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;
using Dapper;
using Npgsql;

// Issue 5 "Figures to measure": a statement of N documents (default 100,000; M = 1,000 clients, mixed purposes).
// (1) parse rate against the floor (reading and decoding the same bytes into lines), same file, same run;
// (2) BankImport.ImportFileAsync on a fresh database seeded with the demo catalogue, the clients and their open invoices:
//     wall time, documents/s, the summary against what the generator meant, memory while it runs;
// (3) the same at a tenth of the size (default 10,000) on another fresh database: memory must not grow with the file;
// (4) a small profiling pass on a third fresh database counting the import's commands by statement.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
var documents = Arg("--documents", 100_000);
var clients = Arg("--clients", 1_000);
var small = Arg("--small", Math.Max(1, documents / 10));
var profileDocuments = Arg("--profile-documents", 3_000);
var analyzeAll = args.Contains("--analyze-all");
var verb = VerbBinary.Path(); // before minutes of work, not after them

var folder = Directory.CreateTempSubdirectory("bank-import-bench-");
var cluster = new PostgresCluster();
try
{
    Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}, " +
                      $"load average {File.ReadAllText("/proc/loadavg").Trim()}");
    var smallRun = Generate(small, "small");
    var largeRun = Generate(documents, "large");
    var profileRun = Generate(profileDocuments, "profile");

    ParseAgainstFloor(largeRun.Path, documents, smallRun.Path);

    await cluster.InitializeAsync();
    await using (var admin = new NpgsqlConnection(cluster.AdminConnectionString))
    {
        await admin.OpenAsync();
        var settings = await admin.QueryAsync<(string, string)>(
            "select name, setting from pg_settings where name in ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers') order by name");
        Console.WriteLine("postgres " + string.Join(", ", settings.Select(s => $"{s.Item1}={s.Item2}")) +
                          (analyzeAll ? "; seed ends with ANALYZE of every table (empty bank tables recorded as 0 rows)" : "; seed analyzes clients and invoices only"));
    }

    // The smaller file first: the process's peak working set only ever grows, so the larger run cannot hide behind it.
    await ImportAsync(smallRun);
    var inProcess = await ImportAsync(largeRun);
    await ImportVerbAsync(largeRun, inProcess);
    await ProfileAsync(profileRun);
    Console.WriteLine($"load average at the end {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    await cluster.DisposeAsync();
    folder.Delete(recursive: true);
}

Workload Generate(int count, string name)
{
    var watch = Stopwatch.StartNew();
    var workload = new ImportWorkload(clients);
    var path = Path.Combine(folder.FullName, $"statement-{name}-{count}.txt");
    workload.Write(path, count);
    var e = workload.Expected;
    Console.WriteLine($"generated {name}: {count:N0} documents, {workload.Bytes / 1048576.0:0.0} MiB cp1251, {clients:N0} clients, " +
                      $"{workload.Invoices.Count:N0} open invoices to seed ({watch.Elapsed.TotalSeconds:0.0} s, untimed)");
    Console.WriteLine($"  scenarios: {string.Join(", ", e.ByScenario.Select(s => $"{s.Key} {s.Value:N0}"))}");
    return new Workload(path, count, workload.Clients, workload.Invoices, e);
}

void ParseAgainstFloor(string path, int count, string warmUp)
{
    for (var i = 0; i < 4; i++)
    {
        // Let tiered compilation settle before anything is timed.
        StatementBench.ReadLines(warmUp);
        ParseCount(warmUp);
    }

    GC.Collect();
    var floor = StatementBench.Best(() => StatementBench.ReadLines(path));
    var parse = StatementBench.Best(() => ParseCount(path));
    Console.WriteLine($"parse {count:N0} documents (best of 3, same file, same run):");
    Console.WriteLine($"  floor (StreamReader.ReadLine, cp1251): {floor.TotalSeconds:0.000} s = {count / floor.TotalSeconds:N0} documents/s ({StatementBench.ReadLines(path):N0} lines)");
    Console.WriteLine($"  StatementParser.ReadFile:              {parse.TotalSeconds:0.000} s = {count / parse.TotalSeconds:N0} documents/s ({ParseCount(path):N0} documents)");
    Console.WriteLine($"  parse / floor time ratio:              {parse.TotalSeconds / floor.TotalSeconds:0.00}");
}

/// <returns>What the database holds after the import (<see cref="BenchData.CountAsync"/>).</returns>
async Task<string> ImportAsync(Workload w)
{
    var cs = await cluster.CreateDatabaseAsync();
    await using var db = Db.CreateDataSource(cs);
    var seed = Stopwatch.StartNew();
    await BenchData.SeedAsync(db, w.Clients, w.Invoices, analyzeAll);
    Console.WriteLine($"import {w.Documents:N0} documents on a fresh database (seeded {w.Clients.Count:N0} clients, {w.Invoices.Count:N0} open invoices " +
                      $"by COPY in {seed.Elapsed.TotalSeconds:0.0} s, untimed); load average {File.ReadAllText("/proc/loadavg").Trim()}");
    var import = new BankImport(db, TimeProvider.System);

    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    using var process = Process.GetCurrentProcess();
    var workingSetBefore = Environment.WorkingSet;
    var peakBefore = process.PeakWorkingSet64;
    var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var gen2Before = GC.CollectionCount(2);
    using var sampler = new MemorySampler();
    var watch = Stopwatch.StartNew();
    var summary = await import.ImportFileAsync(w.Path, "bench");
    watch.Stop();
    var (maxWorkingSet, maxHeap) = sampler.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    process.Refresh();
    var peakAfter = process.PeakWorkingSet64;

    var s = summary;
    var e = w.Expected;
    Console.WriteLine($"  BankImport.ImportFileAsync: {watch.Elapsed.TotalSeconds:0.000} s = {s.DocumentsRead / watch.Elapsed.TotalSeconds:N0} documents/s " +
                      $"({watch.Elapsed.TotalMilliseconds / s.DocumentsRead:0.000} ms/document)");
    Console.WriteLine($"  summary:  read {s.DocumentsRead:N0}, incoming {s.Incoming:N0}, matched {s.Matched:N0}, partial {s.Partial:N0}, to credit {s.ToCredit:N0}, " +
                      $"to review {s.ToReview:N0}, duplicates {s.Duplicates:N0}, outgoing {s.Outgoing:N0}");
    Console.WriteLine($"  expected: read {e.Documents:N0}, incoming {e.Incoming:N0}, matched {e.Matched:N0}, partial {e.Partial:N0}, to credit {e.ToCredit:N0}, " +
                      $"to review {e.ToReview:N0}, duplicates {e.Duplicates:N0}, outgoing {e.Outgoing:N0}");
    var agrees = s.DocumentsRead == e.Documents && s.Incoming == e.Incoming && s.Matched == e.Matched && s.Partial == e.Partial &&
                 s.ToCredit == e.ToCredit && s.ToReview == e.ToReview && s.Duplicates == e.Duplicates && s.Outgoing == e.Outgoing;
    Console.WriteLine($"  summary as generated: {agrees}; balance sections agree: {s.Balances.Count > 0 && s.Balances.All(b => b.DifferenceIn is null or 0 && b.DifferenceOut is null or 0)}");
    var counts = await BenchData.CountAsync(db);
    Console.WriteLine($"  database: {counts}");
    Console.WriteLine($"  {await BenchData.AccountLookupAsync(db)}");
    Console.WriteLine($"  memory: working set before {Mib(workingSetBefore)}, max during import {Mib(maxWorkingSet)} (+{Mib(maxWorkingSet - workingSetBefore)}); " +
                      $"managed heap before {Mib(heapBefore)}, max during {Mib(maxHeap)}; process peak working set before {Mib(peakBefore)}, after {Mib(peakAfter)}");
    Console.WriteLine($"  GC allocated {Mib(allocated)} ({allocated / (double)Math.Max(1, s.DocumentsRead):N0} bytes/document), gen2 GCs {GC.CollectionCount(2) - gen2Before}");

    // The floor, same run: the rows the engine inserted, by binary COPY into a database seeded the same way, plus parsing the file.
    var floorCs = await cluster.CreateDatabaseAsync();
    await using (var floorDb = Db.CreateDataSource(floorCs))
    {
        await BenchData.SeedAsync(floorDb, w.Clients, w.Invoices, analyzeAll);
        var (copyTime, rows) = await CopyFloor.RunAsync(db, floorDb);
        var parse = StatementBench.Best(() => ParseCount(w.Path));
        var floor = copyTime + parse;
        Console.WriteLine($"  floor: binary COPY of the same {rows:N0} rows into the same tables {copyTime.TotalSeconds:0.000} s + parsing the file {parse.TotalSeconds:0.000} s " +
                          $"= {floor.TotalSeconds:0.000} s = {s.DocumentsRead / floor.TotalSeconds:N0} documents/s; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"  engine / floor time ratio: {watch.Elapsed / floor:0.00} (engine {watch.Elapsed.TotalSeconds:0.000} s, {s.DocumentsRead / watch.Elapsed.TotalSeconds:N0} documents/s, " +
                          $"max working set during import {Mib(maxWorkingSet)})");
    }
    NpgsqlConnection.ClearAllPools();
    return counts;
}

// `backoffice bank import FILE` as treasury runs it: a whole process (start-up, migration check, configuration) on a third
// fresh database seeded the same way; it must leave the database exactly as the in-process import did.
async Task ImportVerbAsync(Workload w, string inProcessCounts)
{
    var cs = await cluster.CreateDatabaseAsync();
    await using var db = Db.CreateDataSource(cs);
    await BenchData.SeedAsync(db, w.Clients, w.Invoices, analyzeAll);
    var run = TimedProcess.Run(verb, ["bank", "import", w.Path, "--by", "bench"],
        new Dictionary<string, string> { ["ConnectionStrings__BackOffice"] = cs }, keepOutput: true);
    var counts = await BenchData.CountAsync(db);
    Console.WriteLine($"`backoffice bank import` of the same {w.Documents:N0} documents as a whole process (/usr/bin/time), fresh database seeded the same way:");
    Console.WriteLine($"  {run.Seconds:0.000} s wall = {w.Documents / run.Seconds:N0} documents/s, {run.CpuSeconds:0.000} s CPU, peak {run.PeakMiB:0} MiB, exit {run.Exit}; " +
                      $"load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine($"  it printed: {run.Output.Trim()}{(run.Exit != 0 ? $" (stderr: {run.Errors})" : "")}");
    Console.WriteLine($"  database as after the in-process import: {counts == inProcessCounts}{(counts == inProcessCounts ? "" : $" — {counts}")}");
    NpgsqlConnection.ClearAllPools();
}

async Task ProfileAsync(Workload w)
{
    var cs = await cluster.CreateDatabaseAsync();
    await using var db = Db.CreateDataSource(cs);
    await BenchData.SeedAsync(db, w.Clients, w.Invoices, analyzeAll);
    using var statements = new StatementProfile();
    var watch = Stopwatch.StartNew();
    var summary = await new BankImport(db, TimeProvider.System).ImportFileAsync(w.Path, "bench");
    watch.Stop();
    var rows = statements.Rows;
    var commands = rows.Sum(r => r.Count);
    var dbTime = TimeSpan.FromTicks(rows.Sum(r => r.Time.Ticks));
    Console.WriteLine($"profile ({w.Documents:N0} documents, fresh database, Npgsql activities on): {watch.Elapsed.TotalSeconds:0.000} s, " +
                      $"{commands:N0} commands = {commands / (double)Math.Max(1, summary.DocumentsRead):0.0} per document " +
                      $"(matched {summary.Matched:N0}, partial {summary.Partial:N0}, credit {summary.ToCredit:N0}, review {summary.ToReview:N0}, outgoing {summary.Outgoing:N0}); " +
                      $"time inside commands {dbTime.TotalSeconds:0.000} s ({dbTime / watch.Elapsed:P0}), {dbTime.TotalMicroseconds / Math.Max(1, commands):0} µs per command");
    foreach (var r in rows)
        Console.WriteLine($"  {r.Count,8:N0} x {r.Time.TotalMicroseconds / r.Count,6:0} µs = {r.Time.TotalSeconds,7:0.000} s  {r.Statement}");
}

static int ParseCount(string path) => StatementParser.ReadFile(path).Count(item => item is BankDocument);

static string Mib(long bytes) => $"{bytes / 1048576.0:0.0} MiB";

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

sealed record Workload(string Path, int Documents, IReadOnlyList<BenchClient> Clients, IReadOnlyList<BenchInvoice> Invoices, ExpectedOutcome Expected);

/// <summary>The largest working set and managed heap seen while something runs, sampled every 20 ms on a background thread.</summary>
sealed class MemorySampler : IDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    long _maxWorkingSet, _maxHeap;

    public MemorySampler()
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            do
            {
                _maxWorkingSet = Math.Max(_maxWorkingSet, Environment.WorkingSet);
                _maxHeap = Math.Max(_maxHeap, GC.GetTotalMemory(forceFullCollection: false));
            }
            while (await WaitAsync(timer));
        });
    }

    async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public (long WorkingSet, long Heap) Stop()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _maxWorkingSet = Math.Max(_maxWorkingSet, Environment.WorkingSet);
        _maxHeap = Math.Max(_maxHeap, GC.GetTotalMemory(forceFullCollection: false));
        return (_maxWorkingSet, _maxHeap);
    }

    public void Dispose() => _stop.Dispose();
}
