using System.Text.Json;
using BackOffice.Tests.Support;
using BackOffice.Worker.Cli;
using Dapper;

namespace BackOffice.Import.Tests;

/// <summary>
/// A fresh ledger that is not empty (a client, staff and invoice numbers of its own, one organisation) and a fresh WHMCS database
/// on the real MariaDB holding the seed-shaped data; `backoffice import whmcs` run in-process against both.
/// </summary>
public abstract class WhmcsTest(PostgresCluster cluster, MariaDbServer maria) : DatabaseTest(cluster)
{
    protected MariaDbServer Maria { get; } = maria;
    protected string Whmcs { get; private set; } = "";
    protected string WhmcsDatabase => new MySqlConnector.MySqlConnectionStringBuilder(Whmcs).Database;

    /// <summary>The ledger's tables the import writes; equal fingerprints before and after mean nothing changed.</summary>
    protected static readonly string[] ImportedTables =
    [
        "clients", "client_contacts", "client_notes", "client_groups", "staff", "departments", "invoices", "invoice_lines", "invoice_numbering",
        "payments", "credit_ledger", "tickets", "ticket_messages", "ticket_participants", "outbox", "whmcs_links", "whmcs_import_problems", "whmcs_import_runs",
        "product_groups", "products", "product_prices", "config_options", "config_option_prices", "addons", "addon_prices", "addon_products", "promo_codes",
        "orders", "services", "service_options", "service_addons",
    ];

    protected Dictionary<string, string?> Config { get; } = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Config["ConnectionStrings:BackOffice"] = ConnectionString;
        Whmcs = await Maria.CreateWhmcsDatabaseAsync(withData: WithData);
        await SeedNativeWorldAsync(Db);
    }

    /// <summary>The world is not empty: an organisation, a native client and staff member, and the numbering well past 1.</summary>
    protected static async Task SeedNativeWorldAsync(Npgsql.NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into organisations (code, name, full_name, inn, kpp, payment_method) values ('LIVE', 'БИТ Лайв', 'ООО «БИТ Лайв»', '7709983032', '770901001', 'Безналичный платеж');
            insert into departments (name) values ('Продажи');
            insert into staff (login, full_name, email) values ('native', 'Ирина Новикова', 'i.novikova@bit-live.example');
            insert into clients (id, first_name, email, created_at, updated_at) values (3, 'Сегодняшний', 'native@example.ru', '2026-11-01', '2026-11-01');
            update invoice_numbering set last_number = 70000;
            """);
    }

    protected virtual bool WithData => true;

    protected async Task<CliRun> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BackOfficeCli.RunAsync(args, stdout, stderr, Config);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    protected async Task<JsonElement> ImportAsync(params string[] more)
    {
        var r = await Run(["import", "whmcs", "--connection", Whmcs, "--json", .. more]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Out);
        return json.RootElement.Clone();
    }

    /// <summary>The run is refused with exit code and message, and no table the import writes has changed.</summary>
    protected async Task<CliRun> RefusedAsync(int exitCode, string message, params string[] args)
    {
        var before = await SnapshotAsync(ImportedTables);
        var r = await Run(args);
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Equal(before, await SnapshotAsync(ImportedTables));
        return r;
    }

    protected Task ChangeWhmcsAsync(string sql) => Maria.ExecuteAsLatin1Async(WhmcsDatabase, sql);

    protected async Task<T> OneAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<T>(sql, args);
    }

    protected async Task<List<T>> AllAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.QueryAsync<T>(sql, args)).ToList();
    }

    protected static List<(string Problem, bool Taken, long Id, string Detail)> Problems(JsonElement result) =>
        result.GetProperty("problems").EnumerateArray()
            .Select(p => (p.GetProperty("problem").GetString()!, p.GetProperty("taken").GetBoolean(), p.GetProperty("whmcsId").GetInt64(), p.GetProperty("detail").GetString()!))
            .ToList();
}

public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- err\n{Err}";
}
