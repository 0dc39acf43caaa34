using System.Text.Json.Nodes;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Demo;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BackOffice.Sync.Tests.Accounting;

/// <summary>
/// The demo ledger with invoices numbered from 72815 on, and a fake 1C holding the organisations, the demo clients'
/// contractors (7583 and 12460 correct; 4314 with another ИНН; 9021 without a contract), their contracts and the
/// nomenclature of the demo products. Client 12118 has no contractor code.
/// </summary>
public abstract class MirrorTest(PostgresCluster cluster) : DatabaseTest(cluster)
{
    public const string Invoices1C = "Document_СчетНаОплатуПокупателю";
    public const string Sales1C = "Document_РеализацияТоваровУслуг";
    public const int Fabrika = 7583, SetOteley = 12460, Apelsin = 12118, Vms = 4314, Tehprom = 9021;
    public const string Formula = "Безналичный платеж (Формула ИТ)";
    public static readonly string[] Tables = ["invoices", "invoice_lines", "outbox", "onec_invoices", "onec_problems", "clients", "payments"];

    protected FakeOneCServer OneC { get; private set; } = null!;
    protected Guid LiveKey { get; private set; }
    protected Guid FormulaKey { get; private set; }
    protected Dictionary<int, Guid> Contractors { get; } = [];
    protected ServiceProvider Services { get; private set; } = null!;
    readonly List<(string, string?)> _settings = [];

    /// <summary>Settings the test class adds or overrides (keys under BackOffice:Accounting).</summary>
    protected void Setting(string key, string? value) => _settings.Add((key, value));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await new DemoData(Db).LoadAsync();
        await ExecAsync("update invoice_numbering set last_number = 72814");
        OneC = await FakeOneCServer.StartAsync();
        LiveKey = OneC.Add("Catalog_Организации", new JsonObject { ["Code"] = "000000001", ["Description"] = "Лайв Технологии", ["Префикс"] = "ЛТ" });
        FormulaKey = OneC.Add("Catalog_Организации", new JsonObject { ["Code"] = "000000002", ["Description"] = "Формула ИТ", ["Префикс"] = "ФИ" });
        Contractors[Fabrika] = Contractor("00-007583", "ООО «Фабрика Бизнеса»", "7708305901", "770801001", withContract: true);
        Contractors[SetOteley] = Contractor("00-012460", "ООО \"Сеть Отелей\"", "7725381772", "772501001", withContract: true);
        Contractors[Vms] = Contractor("00-004314", "ООО \"ВМС-ГРУПП\"", "5047099999", "504701001", withContract: true);
        Contractors[Tehprom] = Contractor("00-009021", "ООО \"Тех.промышлен\"", "7814695160", "781401001", withContract: false);
        foreach (var code in new[] { "00-00000101", "00-00000102", "00-00000103", "00-00000104", "00-00000201", "00-00000202", "00-00000999" })
            OneC.Add("Catalog_Номенклатура", new JsonObject { ["Code"] = code, ["Description"] = "Услуга " + code, ["Услуга"] = true });
        Services = Build();
    }

    protected ServiceProvider Build(params (string Key, string? Value)[] more)
    {
        var settings = OneCHarness.Settings(OneC, [
            ("Organisations:LIVE:Key", LiveKey.ToString()), ("Organisations:FORMULA:Key", FormulaKey.ToString()),
            ("DefaultNomenclature", "00-00000999"), .. _settings, .. more]);
        return OneCHarness.Services(settings, s =>
        {
            s.AddSingleton(Db);
            s.AddSingleton<TimeProvider>(Clock);
        });
    }

    Guid Contractor(string code, string name, string inn, string kpp, bool withContract)
    {
        var key = OneC.Add("Catalog_Контрагенты", new JsonObject { ["Code"] = code, ["Description"] = name, ["ИНН"] = inn, ["КПП"] = kpp });
        if (withContract)
            foreach (var organisation in new[] { LiveKey, FormulaKey })
                OneC.Add("Catalog_ДоговорыКонтрагентов", new JsonObject
                {
                    ["Owner_Key"] = key.ToString(), ["Организация_Key"] = organisation.ToString(), ["ВидДоговора"] = "СПокупателем",
                    ["Description"] = "Основной договор", ["Номер"] = "Д-" + code,
                });
        return key;
    }

    public override async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await OneC.DisposeAsync();
        await base.DisposeAsync();
    }

    protected OutboxRelay Relay(ServiceProvider? services = null) => (services ?? Services).GetRequiredService<OutboxRelay>();

    protected Task<RelayReport> RunAsync(ServiceProvider? services = null) => Relay(services).RunOnceAsync();

    /// <summary>Runs the relay, moving the clock past each backoff, until nothing is left to claim.</summary>
    protected async Task DrainAsync(int maxRuns = 50, ServiceProvider? services = null)
    {
        for (var i = 0; i < maxRuns; i++)
        {
            var report = await RunAsync(services);
            if (report.Claimed == 0 && await CountAsync("outbox", "destination = 'onec' and processed_at is null and gave_up_at is null") == 0) return;
            Clock.Advance(TimeSpan.FromHours(1));
        }
        throw new InvalidOperationException("The relay did not drain the outbox.");
    }

    /// <summary>A published invoice with one manual line; returns (id, number).</summary>
    protected async Task<(long Id, long Number)> PublishAsync(int clientId, decimal amount, string paymentMethod = "Безналичный платеж",
        params InvoiceLine[] lines)
    {
        var books = new InvoiceBook(Db, Clock);
        var issued = new DateOnly(2026, 11, 23);
        var draft = await books.CreateDraftAsync(new DraftInvoice(clientId, paymentMethod, issued, issued.AddDays(5),
            lines.Length > 0 ? lines : [new InvoiceLine(LineKind.Manual, "Настройка сервера", amount)]));
        var published = await books.PublishAsync(draft.Invoice.Id);
        return (published.Invoice.Id, published.Invoice.Number!.Value);
    }

    protected IReadOnlyList<JsonObject> Documents1C() => OneC.All(Invoices1C);

    protected JsonObject Document1C(string number) => Assert.Single(Documents1C(), d => d["Number"]!.GetValue<string>() == number);

    protected int Posts(string set = Invoices1C) => OneC.Log.Count(l => l.StartsWith("POST /bp/odata/standard.odata/" + set + "?", StringComparison.Ordinal));

    protected async Task ExecAsync(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    protected async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    protected NpgsqlDataSource Database => Db;
}
