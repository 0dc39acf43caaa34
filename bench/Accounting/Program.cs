using System.Diagnostics;
using System.Text.Json.Nodes;
using BackOffice.Ledger.Demo;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// Issue 10 "Figures to measure": N published invoices relayed to the fake 1C with 20 ms added per call, invoices/s;
// the same with one call in ten failing; and, in the same run, the fake's own ceiling: plain GETs at the relay's
// concurrency with the same latency, and without latency.
var invoices = Arg("--invoices", 10_000);
var concurrency = Arg("--concurrency", 2);
var latency = TimeSpan.FromMilliseconds(Arg("--latency-ms", 20));
Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"{invoices} invoices, Concurrency {concurrency}, {latency.TotalMilliseconds} ms added per call");

var cluster = new PostgresCluster();
await cluster.InitializeAsync();
try
{
    await using var fake = await FakeOneCServer.StartAsync();
    var live = fake.Add("Catalog_Организации", new JsonObject { ["Code"] = "000000001" });
    var contractor = fake.Add("Catalog_Контрагенты", new JsonObject { ["Code"] = "00-007583", ["ИНН"] = "7708305901", ["КПП"] = "770801001" });
    fake.Add("Catalog_ДоговорыКонтрагентов", new JsonObject
    {
        ["Owner_Key"] = contractor.ToString(), ["Организация_Key"] = live.ToString(), ["ВидДоговора"] = "СПокупателем",
    });
    fake.Add("Catalog_Номенклатура", new JsonObject { ["Code"] = "00-00000999" });
    fake.Latency = latency;

    var ceiling = await CeilingAsync(fake, concurrency, TimeSpan.FromSeconds(5));
    fake.Latency = TimeSpan.Zero;
    var raw = await CeilingAsync(fake, concurrency, TimeSpan.FromSeconds(5));
    fake.Latency = latency;
    Console.WriteLine($"fake ceiling: {ceiling:F0} requests/s at concurrency {concurrency} with {latency.TotalMilliseconds} ms; {raw:F0} requests/s without latency");

    foreach (var failEvery in new[] { 0, 10 })
    {
        var cs = await cluster.CreateDatabaseAsync();
        await using var db = BackOffice.Ledger.Database.Db.CreateDataSource(cs);
        await new DemoData(db).LoadAsync();
        await SeedAsync(db, invoices);
        fake.FailEveryNth = failEvery;
        var before = fake.Requests;
        await using var services = Services(fake, db, live, concurrency);
        var relay = services.GetRequiredService<OutboxRelay>();
        var clock = Stopwatch.StartNew();
        var runs = 0;
        while (await CountAsync(db, "select count(*) from outbox where destination = 'onec' and processed_at is null") > 0)
        {
            await relay.RunOnceAsync();
            runs++;
        }
        clock.Stop();
        var calls = fake.Requests - before;
        var documents = fake.All("Document_СчетНаОплатуПокупателю").Count;
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        fake.FailEveryNth = 0;
        // The machine is shared: the ceiling is measured again right after the relay, at the load it ran under.
        var after = await CeilingAsync(fake, concurrency, TimeSpan.FromSeconds(5));
        Console.WriteLine($"{(failEvery == 0 ? "no failures" : $"1 call in {failEvery} fails")}: {invoices} invoices in {clock.Elapsed.TotalSeconds:F1} s = " +
                          $"{invoices / clock.Elapsed.TotalSeconds:F1} invoices/s, {calls} calls ({calls / clock.Elapsed.TotalSeconds:F0}/s = " +
                          $"{calls / clock.Elapsed.TotalSeconds / ceiling:P0} of the ceiling before, {calls / clock.Elapsed.TotalSeconds / after:P0} of the ceiling " +
                          $"right after, {after:F0} requests/s), {runs} runs, 1C documents now {documents}, load average at the end {load}");
        // The next run uses the same numbers: this run's documents move to another year, where numbers do not clash.
        fake.ChangeAll("Document_СчетНаОплатуПокупателю", x => x["Date"] = "2001-01-01T00:00:00");
        await cluster.DropDatabaseAsync(cs);
    }
}
finally
{
    await cluster.DisposeAsync();
}

static async Task<double> CeilingAsync(FakeOneCServer fake, int concurrency, TimeSpan span)
{
    using var http = new HttpClient();
    http.DefaultRequestHeaders.Authorization = OneCClient.Basic(fake.User, fake.Password);
    var url = fake.BaseUrl + Uri.EscapeDataString("Catalog_Контрагенты") + "?$format=json&$filter=" + Uri.EscapeDataString("Code eq '00-007583'");
    var count = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (clock.Elapsed < span)
        {
            using var r = await http.GetAsync(url);
            r.EnsureSuccessStatusCode();
            Interlocked.Increment(ref count);
        }
    }));
    return count / clock.Elapsed.TotalSeconds;
}

static async Task SeedAsync(NpgsqlDataSource db, int n)
{
    await using var conn = await db.OpenConnectionAsync();
    await conn.ExecuteAsync("""
        update invoice_numbering set last_number = 72814 + @n;
        insert into invoices (number, client_id, organisation_id, kind, status, issue_date, due_date, payment_method, subtotal, total, published_at)
        select 72814 + g, 7583, 1, 'manual', 'unpaid', date '2026-11-23', date '2026-11-28', 'Безналичный платеж', 1000 + g % 100, 1000 + g % 100, now()
        from generate_series(1, @n) g;
        insert into invoice_lines (invoice_id, line_no, kind, description, amount)
        select id, 1, 'manual', 'Услуги', total from invoices where number > 72814;
        insert into outbox (destination, kind, aggregate_id, payload)
        select 'onec', 'invoice.published', id, jsonb_build_object('invoiceId', id, 'number', number) from invoices where number > 72814 order by number;
        """, new { n }, commandTimeout: 300);
}

static async Task<long> CountAsync(NpgsqlDataSource db, string sql)
{
    await using var conn = await db.OpenConnectionAsync();
    return await conn.ExecuteScalarAsync<long>(sql);
}

static ServiceProvider Services(FakeOneCServer fake, NpgsqlDataSource db, Guid live, int concurrency)
{
    var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["BackOffice:Accounting:BaseUrl"] = fake.BaseUrl, ["BackOffice:Accounting:User"] = fake.User, ["BackOffice:Accounting:Password"] = fake.Password,
        ["BackOffice:Accounting:Concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BackOffice:Accounting:RetryDelaySeconds"] = "0", ["BackOffice:Accounting:MaxAttempts"] = "100",
        ["BackOffice:Accounting:Organisations:LIVE:Key"] = live.ToString(), ["BackOffice:Accounting:DefaultNomenclature"] = "00-00000999",
    }).Build();
    var services = new ServiceCollection();
    services.AddSingleton<IConfiguration>(config);
    services.AddLogging();
    services.AddSingleton(db);
    services.AddSingleton(TimeProvider.System);
    services.AddAccounting();
    return services.BuildServiceProvider();
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
