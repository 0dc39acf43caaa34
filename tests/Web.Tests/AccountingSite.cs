using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Demo;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using BackOffice.Web.SignIn;
using BackOffice.Worker.Cli;
using Dapper;
using Npgsql;

namespace BackOffice.Web.Tests;

/// <summary>
/// The accountant's pages need the 1C mirror switched on, which the shared site has off: a `backoffice run` of their own on
/// a database of their own, talking to the fake 1C (tests/FakeOneC) that holds the organisations, the contractor of client
/// 7583 with its contracts, and the nomenclature. Client 12118 has no contractor code, so its invoices wait as a sync
/// problem. The relay is run by the `sync run` verb on the same settings (the scheduler is off), so each step is the test's.
/// </summary>
public sealed class AccountingSite : IAsyncLifetime
{
    public const string Invoices1C = "Document_СчетНаОплатуПокупателю";
    public const int Fabrika = 7583, Apelsin = 12118;

    readonly PostgresCluster _cluster = new();
    readonly ConcurrentQueue<string> _output = new();
    Process? _process;

    public FakeOneCServer OneC { get; private set; } = null!;
    public NpgsqlDataSource Db { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    Dictionary<string, string?> _settings = [];

    public async ValueTask InitializeAsync()
    {
        await _cluster.InitializeAsync();
        var connectionString = await _cluster.CreateDatabaseAsync();
        Db = Ledger.Database.Db.CreateDataSource(connectionString);
        await new DemoData(Db).LoadAsync();

        OneC = await FakeOneCServer.StartAsync();
        var live = OneC.Add("Catalog_Организации", new JsonObject { ["Code"] = "000000001", ["Description"] = "Лайв Технологии", ["Префикс"] = "ЛТ" });
        var formula = OneC.Add("Catalog_Организации", new JsonObject { ["Code"] = "000000002", ["Description"] = "Формула ИТ", ["Префикс"] = "ФИ" });
        var fabrika = OneC.Add("Catalog_Контрагенты", new JsonObject
        {
            ["Code"] = "00-007583", ["Description"] = "ООО «Фабрика Бизнеса»", ["ИНН"] = "7708305901", ["КПП"] = "770801001",
        });
        foreach (var organisation in new[] { live, formula })
            OneC.Add("Catalog_ДоговорыКонтрагентов", new JsonObject
            {
                ["Owner_Key"] = fabrika.ToString(), ["Организация_Key"] = organisation.ToString(), ["ВидДоговора"] = "СПокупателем",
                ["Description"] = "Основной договор",
            });
        OneC.Add("Catalog_Номенклатура", new JsonObject { ["Code"] = "00-00000999", ["Description"] = "Услуга", ["Услуга"] = true });

        var port = WorkerProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:BackOffice"] = connectionString,
            ["BackOffice:Accounting:BaseUrl"] = OneC.BaseUrl,
            ["BackOffice:Accounting:User"] = OneC.User,
            ["BackOffice:Accounting:Password"] = OneC.Password,
            ["BackOffice:Accounting:TimeoutSeconds"] = "5",
            ["BackOffice:Accounting:RetryDelaySeconds"] = "0",
            ["BackOffice:Accounting:MaxAttempts"] = "1",
            ["BackOffice:Accounting:Organisations:LIVE:Key"] = live.ToString(),
            ["BackOffice:Accounting:Organisations:FORMULA:Key"] = formula.ToString(),
            ["BackOffice:Accounting:DefaultNomenclature"] = "00-00000999",
            ["BackOffice:Web:Enabled"] = "true",
            ["BackOffice:Web:Urls"] = BaseUrl,
            ["BackOffice:Scheduler:Enabled"] = "false",
        };
        _process = WorkerProcess.Start(connectionString,
            _settings.Where(s => s.Key != "ConnectionStrings:BackOffice").ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!),
            _output);
        await WorkerProcess.WaitUntilServingAsync(_process, BaseUrl + "/login", _output);
    }

    public string Url(string path) => BaseUrl + path;

    public Task<StaffLogin> StaffAsync(params string[] roles) => WebSite.AddStaffAsync(Db, "acc", "Бухгалтерова Анна", roles);

    /// <summary>A published invoice of today (Moscow) with one manual line; its number.</summary>
    public async Task<long> PublishAsync(int clientId, decimal amount)
    {
        var book = new InvoiceBook(Db, TimeProvider.System);
        var today = BusinessDay.Today(TimeProvider.System);
        var draft = await book.CreateDraftAsync(new DraftInvoice(clientId, "Безналичный платеж", today, today.AddDays(5),
            [new InvoiceLine(LineKind.Manual, "Настройка сервера", amount)]));
        return (await book.PublishAsync(draft.Invoice.Id)).Invoice.Number!.Value;
    }

    /// <summary>`backoffice sync run --json` on the site's settings: the relay once.</summary>
    public async Task<JsonElement> SyncRunAsync()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await BackOfficeCli.RunAsync(["sync", "run", "--json"], stdout, stderr, _settings);
        if (code != 0) throw new InvalidOperationException($"sync run: exit {code}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout.ToString());
        return json.RootElement.Clone();
    }

    /// <summary>Every row of the tables, as text: equal before and after means nothing changed.</summary>
    public async Task<string> SnapshotAsync(params string[] tables)
    {
        await using var conn = await Db.OpenConnectionAsync();
        var parts = new List<string>();
        foreach (var table in tables)
            parts.Add(table + ":" + await conn.ExecuteScalarAsync<string>($"select coalesce(string_agg(t::text, '|' order by t::text), '') from {table} t"));
        return string.Join("\n", parts);
    }

    public async Task<long> ScalarAsync(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    public static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await WorkerProcess.StopAllAsync([_process]);
        if (OneC is not null) await OneC.DisposeAsync();
        if (Db is not null) await Db.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}
