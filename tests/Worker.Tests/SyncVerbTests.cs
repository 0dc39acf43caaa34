using System.Text.Json;
using System.Text.Json.Nodes;
using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using Dapper;

namespace BackOffice.Worker.Tests;

public class SyncVerbTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    FakeOneCServer _oneC = null!;
    Guid _live;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _oneC = await FakeOneCServer.StartAsync();
        _live = _oneC.Add("Catalog_Организации", new JsonObject { ["Code"] = "000000001" });
        var contractor = _oneC.Add("Catalog_Контрагенты", new JsonObject { ["Code"] = "00-007583", ["ИНН"] = "7708305901", ["КПП"] = "770801001" });
        _oneC.Add("Catalog_ДоговорыКонтрагентов", new JsonObject
        {
            ["Owner_Key"] = contractor.ToString(), ["Организация_Key"] = _live.ToString(), ["ВидДоговора"] = "СПокупателем",
        });
        _oneC.Add("Catalog_Номенклатура", new JsonObject { ["Code"] = "00-00000999" });
    }

    public override async ValueTask DisposeAsync()
    {
        await _oneC.DisposeAsync();
        await base.DisposeAsync();
    }

    Dictionary<string, string?> Config => new()
    {
        ["ConnectionStrings:BackOffice"] = ConnectionString,
        ["BackOffice:Accounting:BaseUrl"] = _oneC.BaseUrl,
        ["BackOffice:Accounting:User"] = _oneC.User,
        ["BackOffice:Accounting:Password"] = _oneC.Password,
        ["BackOffice:Accounting:Organisations:LIVE:Key"] = _live.ToString(),
        ["BackOffice:Accounting:DefaultNomenclature"] = "00-00000999",
    };

    [Fact]
    public async Task Without_a_base_url_sync_run_says_what_to_set()
    {
        var off = new Dictionary<string, string?> { ["ConnectionStrings:BackOffice"] = ConnectionString };
        var r = await CliRun.Of(off, "sync", "run");

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("Configuration error: Configuration value 'BackOffice:Accounting:BaseUrl' is empty, so the 1C mirror is off: set it to the publication's …/odata/standard.odata/ address (with User and Password).",
            r.Err.Trim());
        var status = await CliRun.Of(off, "sync", "status", "--json");
        Assert.False(JsonDocument.Parse(status.Out).RootElement.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Run_status_show_problems_and_reconcile_speak_json()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("update invoice_numbering set last_number = 72814");
        var books = new InvoiceBook(Db, Clock);
        foreach (var client in new[] { 7583, 12118 })
        {
            var draft = await books.CreateDraftAsync(new DraftInvoice(client, "Безналичный платеж", new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 28),
                [new InvoiceLine(LineKind.Manual, "Настройка", 1500m)]));
            await books.PublishAsync(draft.Invoice.Id);
        }

        var run = await CliRun.Of(Config, "sync", "run", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using (var json = JsonDocument.Parse(run.Out))
            Assert.Equal((2, 1, 1), (json.RootElement.GetProperty("claimed").GetInt32(), json.RootElement.GetProperty("created").GetInt32(),
                json.RootElement.GetProperty("waiting").GetInt32()));

        using (var show = JsonDocument.Parse((await CliRun.Of(Config, "sync", "show", "72815", "--json")).Out))
        {
            Assert.Equal(("ЛТ00-072815", "in 1C"), (show.RootElement.GetProperty("onecNumber").GetString(), show.RootElement.GetProperty("state").GetString()));
            Assert.Equal(_oneC.All("Document_СчетНаОплатуПокупателю")[0]["Ref_Key"]!.GetValue<string>(), show.RootElement.GetProperty("refKey").GetString());
        }
        using (var status = JsonDocument.Parse((await CliRun.Of(Config, "sync", "status", "--json")).Out))
            Assert.Equal(1, status.RootElement.GetProperty("waiting").GetInt64());
        var problems = await CliRun.Of(Config, "sync", "problems", "--json");
        using (var json = JsonDocument.Parse(problems.Out))
        {
            var p = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(("no_code", 12118), (p.GetProperty("kind").GetString(), p.GetProperty("clientId").GetInt32()));
        }
        var table = await CliRun.Of(Config, "sync", "problems");
        Assert.Contains("#12118", table.Out);
        Assert.Contains("no_code", table.Out);

        _oneC.Add("Document_СчетНаОплатуПокупателю", new JsonObject { ["Number"] = "ЛТ00-072999", ["Date"] = "2026-11-24T10:00:00", ["СуммаДокумента"] = 10 });
        var reconcile = await CliRun.Of(Config, "sync", "reconcile", "--from", "01.11.2026", "--to", "2026-11-30", "--json");
        Assert.True(reconcile.ExitCode == 0, reconcile.ToString());
        using (var json = JsonDocument.Parse(reconcile.Out))
            Assert.Equal(["ЛТ00-072816 missing in 1C", "ЛТ00-072999 missing in the ledger"],
                json.RootElement.EnumerateArray().Select(d => $"{d.GetProperty("number").GetString()} {d.GetProperty("difference").GetString()}").ToArray());

        var badDate = await CliRun.Of(Config, "sync", "reconcile", "--from", "32.11.2026", "--to", "2026-11-30");
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("--from: '32.11.2026' is not a date", badDate.Err);
    }
}
