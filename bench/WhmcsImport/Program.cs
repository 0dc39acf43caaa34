using System.Diagnostics;
using System.Globalization;
using BackOffice.Bench.WhmcsImport;
using BackOffice.Import.Whmcs;
using BackOffice.Ledger.Database;
using BackOffice.Tests.Support;
using Dapper;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Npgsql;

// `import whmcs` over a WHMCS of the issue's size (20,000 clients, 60,000 services, 300,000 invoices with 1,000,000 lines,
// 50,000 tickets with 250,000 replies; --scale to shrink) against the floor measured in the same run: the same rows read from
// MariaDB with a plain reader and written into PostgreSQL with binary COPY, nothing else. Then a re-run after ~1 % changed.
// The import runs in this process (WhmcsImport.RunAsync, what the verb calls); peak working set is this process's.
var scale = args.SkipWhile(a => a != "--scale").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(1.0);
int N(int full) => Math.Max(10, (int)(full * scale));
var (clients, services, invoices, lines, tickets, replies) = (N(20_000), N(60_000), N(300_000), N(1_000_000), N(50_000), N(250_000));

var pg = new PostgresCluster();
var maria = new MariaDbServer();
await pg.InitializeAsync();
await maria.InitializeAsync();
try
{
    Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}");
    var whmcs = await maria.CreateWhmcsDatabaseAsync(withData: false);
    var database = new MySqlConnectionStringBuilder(whmcs).Database;
    var seed = Stopwatch.StartNew();
    await maria.ExecuteAsLatin1Async(database, WhmcsData.Generate(clients, services, invoices, lines, tickets, replies));
    Console.WriteLine($"WHMCS generated in MariaDB (untimed) in {seed.Elapsed.TotalSeconds:0.0} s: {clients:N0} clients, {services:N0} services, {invoices:N0} invoices, " +
                      $"{lines:N0} lines, {tickets:N0} tickets, {replies:N0} replies");

    // (1) the import
    var ledgerCs = await pg.CreateDatabaseAsync();
    await using var ledger = Db.CreateDataSource(ledgerCs);
    await using (var c = await ledger.OpenConnectionAsync())
        await c.ExecuteAsync("insert into organisations (code, name, full_name, inn, payment_method) values ('LIVE', 'БИТ Лайв', 'ООО «БИТ Лайв»', '7709983032', 'Безналичный платеж')");
    var import = new WhmcsImport(ledger, Options.Create(new WhmcsOptions()), TimeProvider.System);
    GC.Collect();
    var before = Process.GetCurrentProcess().WorkingSet64;
    var watch = Stopwatch.StartNew();
    var phases = new PhaseClock();
    var result = await import.RunAsync(new WhmcsImportRequest(whmcs) { Progress = phases });
    var importTime = watch.Elapsed;
    var peak = Process.GetCurrentProcess().PeakWorkingSet64;
    var rows = result.Counts.Values.Sum(c => c.Added);
    Console.WriteLine($"import: {importTime.TotalSeconds:0.0} s, {rows:N0} rows added ({rows / importTime.TotalSeconds:N0} rows/s), {result.Problems.Count} problems; " +
                      $"peak working set {peak / 1048576.0:0} MiB (before {before / 1048576.0:0} MiB); load {File.ReadAllText("/proc/loadavg").Trim()}");
    foreach (var (kind, c) in result.Counts.Where(c => c.Value.Read > 0))
        Console.WriteLine($"  {kind,-14} {c.Read,10:N0} read {c.Added,10:N0} added {phases.Seconds(kind),8:0.0} s");

    // (2) the floor: reader + binary COPY of the same tables' rows
    var floorCs = await pg.CreateDatabaseAsync();
    await using var floorDb = Db.CreateDataSource(floorCs);
    watch.Restart();
    long copied = 0;
    foreach (var (table, columns) in Floor.Tables) copied += await Floor.CopyAsync(whmcs, floorDb, table, columns);
    var floorTime = watch.Elapsed;
    Console.WriteLine($"floor (MySqlDataReader + binary COPY, same tables): {floorTime.TotalSeconds:0.0} s, {copied:N0} rows ({copied / floorTime.TotalSeconds:N0} rows/s); " +
                      $"import is {importTime.TotalSeconds / floorTime.TotalSeconds:0.0}x the floor; load {File.ReadAllText("/proc/loadavg").Trim()}");

    // (3) a re-run with nothing changed, then with ~1 % changed
    watch.Restart();
    var same = await import.RunAsync(new WhmcsImportRequest(whmcs, Since: new DateOnly(2000, 1, 1)));
    Console.WriteLine($"re-run, nothing changed, everything read again: {watch.Elapsed.TotalSeconds:0.0} s, added {same.Counts.Values.Sum(c => c.Added)}, updated {same.Counts.Values.Sum(c => c.Updated)}");
    await maria.ExecuteAsLatin1Async(database, WhmcsData.ChangeOnePercent(clients, invoices, replies, tickets));
    watch.Restart();
    var changed = await import.RunAsync(new WhmcsImportRequest(whmcs));
    Console.WriteLine($"re-run after ~1 % changed (default: since the last run): {watch.Elapsed.TotalSeconds:0.0} s, added {changed.Counts.Values.Sum(c => c.Added):N0}, " +
                      $"updated {changed.Counts.Values.Sum(c => c.Updated):N0}; load {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    await maria.DisposeAsync();
    await pg.DisposeAsync();
}

/// <summary>
/// Each table's time: from the last change of the one before to its own last change (a report that changes no count — the
/// run moving on — is not time spent on that table: the next table's rows are being read).
/// </summary>
sealed class PhaseClock : IProgress<ImportProgress>
{
    readonly Stopwatch _watch = Stopwatch.StartNew();
    readonly Dictionary<string, double> _seconds = [];
    readonly Dictionary<string, ImportProgress> _seen = [];
    string? _kind;
    double _start, _last;

    public void Report(ImportProgress value)
    {
        if (_seen.GetValueOrDefault(value.Kind) == value) return;
        _seen[value.Kind] = value;
        var now = _watch.Elapsed.TotalSeconds;
        if (value.Kind != _kind)
        {
            _kind = value.Kind;
            _start = _last;
        }
        _seconds[value.Kind] = now - _start;
        _last = now;
    }

    public double Seconds(string kind) => _seconds.GetValueOrDefault(kind);
}

static class Floor
{
    public static readonly (string Table, string[] Columns)[] Tables =
    [
        ("tblclients", ["id", "firstname", "lastname", "companyname", "email", "city", "credit", "datecreated", "status"]),
        ("tblcustomfieldsvalues", ["fieldid", "relid", "value"]),
        ("tblhosting", ["id", "userid", "packageid", "regdate", "amount", "billingcycle", "nextduedate", "domainstatus"]),
        ("tblinvoices", ["id", "userid", "invoicenum", "date", "duedate", "subtotal", "credit", "total", "status"]),
        ("tblinvoiceitems", ["id", "invoiceid", "type", "relid", "description", "amount"]),
        ("tblaccounts", ["id", "userid", "date", "amountin", "amountout", "transid", "invoiceid"]),
        ("tbltickets", ["id", "tid", "did", "userid", "date", "title", "message", "status", "lastreply"]),
        ("tblticketreplies", ["id", "tid", "userid", "date", "message", "admin"]),
    ];

    public static async Task<long> CopyAsync(string whmcs, NpgsqlDataSource db, string table, string[] columns)
    {
        await using var src = new MySqlConnection(new MySqlConnectionStringBuilder(whmcs) { ConvertZeroDateTime = true }.ConnectionString);
        await src.OpenAsync();
        await using var pg = await db.OpenConnectionAsync();
        await pg.ExecuteAsync($"create table {table} ({string.Join(", ", columns.Select(c => c + " text"))})");
        await using var cmd = new MySqlCommand($"select {string.Join(", ", columns)} from {table}", src) { CommandTimeout = 0 };
        await using var reader = await cmd.ExecuteReaderAsync();
        long n = 0;
        await using (var copy = await pg.BeginBinaryImportAsync($"copy {table} ({string.Join(", ", columns)}) from stdin (format binary)"))
        {
            while (await reader.ReadAsync())
            {
                await copy.StartRowAsync();
                for (var i = 0; i < columns.Length; i++)
                    await copy.WriteAsync(reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture), NpgsqlTypes.NpgsqlDbType.Text);
                n++;
            }
            await copy.CompleteAsync();
        }
        return n;
    }
}
