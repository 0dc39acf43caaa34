using System.Diagnostics;
using BackOffice.Bench;
using BackOffice.Bench.Renewal;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Database;
using BackOffice.Tests.Support;
using Dapper;
using Npgsql;

// A renewal run over N active services on a fresh database against the floor: the same invoices and lines written by one
// set-based SQL transaction on a second fresh database with the same data (issue 4: aim for at least half its speed).
// Then a smaller profiling pass that counts the engine's round trips by statement.
var services = Arg("--services", 100_000);
var clients = Arg("--clients", 30_000);
var profile = !args.Contains("--no-profile");
var until = RenewalData.RunDate.AddDays(RenewalData.DaysBefore);
var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 6, 17, 6, 0, 0, TimeSpan.Zero));

var cluster = new PostgresCluster();
await cluster.InitializeAsync();
try
{
    Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
    await using (var admin = new NpgsqlConnection(cluster.AdminConnectionString))
    {
        await admin.OpenAsync();
        var settings = await admin.QueryAsync<(string, string)>(
            "select name, setting from pg_settings where name in ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers') order by name");
        Console.WriteLine("postgres " + string.Join(", ", settings.Select(s => $"{s.Item1}={s.Item2}")));
    }

    var engineCs = await cluster.CreateDatabaseAsync();
    var floorCs = await cluster.CreateDatabaseAsync();
    await using var engineDb = Db.CreateDataSource(engineCs);
    await using var floorDb = Db.CreateDataSource(floorCs);
    var seedWatch = Stopwatch.StartNew();
    await RenewalData.SeedAsync(engineDb, clients, services);
    await RenewalData.SeedAsync(floorDb, clients, services);
    var expected = await RenewalData.ExpectedAsync(engineDb, until);
    Console.WriteLine($"seeded twice (binary COPY, untimed) in {seedWatch.Elapsed.TotalSeconds:0.0} s: {clients:N0} clients, {services:N0} services; " +
                      $"due by {until:yyyy-MM-dd}: {expected.Services:N0} services -> expected {expected.Invoices:N0} invoices, {expected.Lines:N0} lines");

    // (1) the engine
    GC.Collect();
    var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var gen2Before = GC.CollectionCount(2);
    var engineWatch = Stopwatch.StartNew();
    var result = await new RenewalInvoicer(engineDb, clock).RunAsync(RenewalData.RunDate, RenewalData.DaysBefore);
    engineWatch.Stop();
    var engineTime = engineWatch.Elapsed;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var peak = Process.GetCurrentProcess().PeakWorkingSet64;
    var engineCheck = await CheckAsync(engineDb);
    Console.WriteLine($"engine RenewalInvoicer.RunAsync: {engineTime.TotalSeconds:0.000} s = {result.Invoices / engineTime.TotalSeconds:N0} invoices/s, " +
                      $"{result.Lines / engineTime.TotalSeconds:N0} lines/s, {expected.Services / engineTime.TotalSeconds:N0} services/s");
    Console.WriteLine($"  result: {result.Invoices:N0} invoices, {result.Lines:N0} lines, {result.AlreadyBilled} already billed, {result.Problems.Count} problems" +
                      (result.Problems.Count > 0 ? $" (first: {result.Problems[0]})" : ""));
    Console.WriteLine($"  in the database: {engineCheck.Invoices:N0} invoices, {engineCheck.Lines:N0} lines, {engineCheck.Outbox:N0} outbox rows, " +
                      $"total {engineCheck.Total:N2}, numbers {engineCheck.MinNumber}..{engineCheck.MaxNumber}");
    Console.WriteLine($"  as expected: {engineCheck.Invoices == expected.Invoices && engineCheck.Lines == expected.Lines && result.Invoices == expected.Invoices && result.Lines == expected.Lines}");
    Console.WriteLine($"  peak working set {peak / 1048576.0:0.0} MiB (before the run {workingSetBefore / 1048576.0:0.0} MiB), " +
                      $"GC allocated {allocated / 1048576.0:0.0} MiB ({allocated / (double)Math.Max(result.Invoices, 1):N0} bytes/invoice), gen2 GCs {GC.CollectionCount(2) - gen2Before}");

    // (2) the floor
    var floor = await FloorRenewal.RunAsync(floorDb, RenewalData.RunDate, until, clock.GetUtcNow().UtcDateTime);
    var floorTime = floor.Staging + floor.InvoicesInsert + floor.LinesInsert;
    Console.WriteLine($"floor INSERT … SELECT (one transaction): {floorTime.TotalSeconds:0.000} s = {floor.Invoices / floorTime.TotalSeconds:N0} invoices/s, " +
                      $"{floor.Lines / floorTime.TotalSeconds:N0} lines/s");
    Console.WriteLine($"  staging (price, number) {floor.Staging.TotalSeconds:0.000} s, insert invoices {floor.InvoicesInsert.TotalSeconds:0.000} s, " +
                      $"insert lines + commit {floor.LinesInsert.TotalSeconds:0.000} s");
    Console.WriteLine($"  wrote {floor.Invoices:N0} invoices, {floor.Lines:N0} lines, total {floor.Total:N2}; " +
                      $"same rows as the engine: {floor.Invoices == engineCheck.Invoices && floor.Lines == engineCheck.Lines}, same total: {floor.Total == engineCheck.Total}");
    Console.WriteLine($"floor / engine time ratio: {floorTime.TotalSeconds / engineTime.TotalSeconds:0.0000} (aim >= 0.5); engine is {engineTime.TotalSeconds / floorTime.TotalSeconds:0.0}x the floor");

    if (profile) await ProfileAsync();
}
finally
{
    await cluster.DisposeAsync();
}

async Task ProfileAsync()
{
    // A tenth of the size (at least 30 clients), on a third fresh database, with Npgsql's activities recorded.
    var c = Math.Max(30, clients / 10);
    var s = (int)Math.Round((double)services / clients * c);
    await using var db = Db.CreateDataSource(await cluster.CreateDatabaseAsync());
    await RenewalData.SeedAsync(db, c, s);
    using var statements = new StatementProfile();
    var watch = Stopwatch.StartNew();
    var run = await new RenewalInvoicer(db, clock).RunAsync(RenewalData.RunDate, RenewalData.DaysBefore);
    watch.Stop();
    var rows = statements.Rows;
    var commands = rows.Sum(r => r.Count);
    var dbTime = TimeSpan.FromTicks(rows.Sum(r => r.Time.Ticks));
    Console.WriteLine($"profile ({c:N0} clients, {s:N0} services, Npgsql activities on): {watch.Elapsed.TotalSeconds:0.000} s, {run.Invoices:N0} invoices, " +
                      $"{commands:N0} commands = {commands / (double)Math.Max(run.Invoices, 1):0.0} per invoice; " +
                      $"time inside commands {dbTime.TotalSeconds:0.000} s ({dbTime / watch.Elapsed:P0}), {dbTime.TotalMicroseconds / Math.Max(commands, 1):0} µs per command");
    foreach (var r in rows)
        Console.WriteLine($"  {r.Count,8:N0} x {r.Time.TotalMicroseconds / r.Count,6:0} µs = {r.Time.TotalSeconds,7:0.000} s  {r.Statement}");
}

static async Task<(int Invoices, int Lines, int Outbox, decimal Total, long MinNumber, long MaxNumber)> CheckAsync(NpgsqlDataSource db)
{
    await using var conn = await db.OpenConnectionAsync();
    return await conn.QuerySingleAsync<(int, int, int, decimal, long, long)>("""
        select (select count(*)::int from invoices where kind = 'renewal' and status = 'unpaid'),
               (select count(*)::int from invoice_lines l join invoices i on i.id = l.invoice_id where i.kind = 'renewal'),
               (select count(*)::int from outbox where kind = 'invoice.published'),
               (select coalesce(sum(total), 0) from invoices where kind = 'renewal'),
               (select coalesce(min(number), 0) from invoices), (select coalesce(max(number), 0) from invoices)
        """);
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
