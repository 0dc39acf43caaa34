using System.Text.Json;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using BackOffice.Worker.Cli;

namespace BackOffice.Sync.Tests.Accounting;

/// <summary>
/// `backoffice sync run|status|show|problems|retry|reconcile` with the mirror on, through the command line's own entry
/// (arguments, host, configuration, output, exit code) against the fake 1C over real HTTP. In-process: the fake's
/// failure switches are in-process calls, and the process boundary itself is what Worker.Tests' spawned processes prove.
/// </summary>
public class SyncVerbTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    static readonly string[] Ledger = ["invoices", "invoice_lines", "onec_invoices", "clients", "payments"];

    sealed record Run(int ExitCode, string Out, string Err)
    {
        public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- err\n{Err}";
    }

    Dictionary<string, string?> Config(params (string Key, string? Value)[] more)
    {
        var config = OneCHarness.Settings(OneC, [
            ("Organisations:LIVE:Key", LiveKey.ToString()), ("Organisations:FORMULA:Key", FormulaKey.ToString()),
            ("DefaultNomenclature", "00-00000999"), ("MaxAttempts", "2"), .. more]);
        config["ConnectionStrings:BackOffice"] = ConnectionString;
        return config;
    }

    async Task<Run> CliAsync(Dictionary<string, string?> config, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await BackOfficeCli.RunAsync(args, stdout, stderr, config);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    async Task<JsonElement> JsonAsync(Dictionary<string, string?> config, params string[] args)
    {
        var r = await CliAsync(config, [.. args, "--json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Out);
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task The_operator_runs_the_relay_reads_status_and_problems_retries_and_reconciles()
    {
        var on = Config();
        await PublishAsync(Fabrika, 1500m);  // 72815
        await PublishAsync(SetOteley, 700m); // 72816
        await PublishAsync(Apelsin, 900m);   // 72817: no contractor code

        var before = await JsonAsync(on, "sync", "status");
        Assert.Equal((true, 3, 72815), (before.GetProperty("enabled").GetBoolean(), before.GetProperty("waiting").GetInt32(), before.GetProperty("oldestInvoice").GetInt32()));

        var run = await JsonAsync(on, "sync", "run");
        Assert.Equal((3, 2, 1, 0), (run.GetProperty("claimed").GetInt32(), run.GetProperty("created").GetInt32(), run.GetProperty("waiting").GetInt32(),
            run.GetProperty("gaveUp").GetInt32()));
        Assert.Equal(["ЛТ00-072815", "ЛТ00-072816"], Documents1C().Select(d => OData.String(d, "Number")!).Order().ToArray());

        var show = await JsonAsync(on, "sync", "show", "72815");
        Assert.Equal(("ЛТ00-072815", "in 1C", OData.String(Document1C("ЛТ00-072815"), "Ref_Key")),
            (show.GetProperty("onecNumber").GetString(), show.GetProperty("state").GetString(), show.GetProperty("refKey").GetString()));

        var problem = Assert.Single((await JsonAsync(on, "sync", "problems")).EnumerateArray());
        Assert.Equal(("no_code", Apelsin, "72817"), (problem.GetProperty("kind").GetString(), problem.GetProperty("clientId").GetInt32(),
            string.Join(",", problem.GetProperty("invoices").EnumerateArray().Select(n => n.GetInt64()))));
        var text = await CliAsync(on, "sync", "problems");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("no_code", text.Out);
        Assert.Contains("#12118", text.Out);

        // 1C errs on the next create until the relay gives up (MaxAttempts 2); the operator retries it once 1C is well.
        await PublishAsync(Fabrika, 1100m); // 72818
        OneC.FailNext(FakeFailure.Error500, times: 2, method: "POST", entity: Invoices1C);
        Assert.Equal(1, (await JsonAsync(on, "sync", "run")).GetProperty("failed").GetInt32());
        await ExecAsync("update outbox set next_attempt_at = now() - interval '1 second' where attempts > 0");
        Assert.Equal(1, (await JsonAsync(on, "sync", "run")).GetProperty("gaveUp").GetInt32());
        var gaveUp = Assert.Single((await JsonAsync(on, "sync", "problems")).EnumerateArray(), p => p.GetProperty("kind").GetString() == "gave_up");
        Assert.Equal("Fix the cause, then: backoffice sync retry 72818", gaveUp.GetProperty("fix").GetString());
        var status = await JsonAsync(on, "sync", "status");
        Assert.Equal((1, 1), (status.GetProperty("givenUp").GetInt32(), status.GetProperty("waiting").GetInt32()));
        Assert.StartsWith("1C answered with an error (HTTP 500", status.GetProperty("lastError").GetString());
        Assert.Equal("given up", (await JsonAsync(on, "sync", "show", "72818")).GetProperty("state").GetString());

        Assert.Equal(1, (await JsonAsync(on, "sync", "retry", "72818", "--by", "buh")).GetProperty("requeued").GetInt32());
        Assert.Equal(1, (await JsonAsync(on, "sync", "run")).GetProperty("created").GetInt32());
        var sent = await JsonAsync(on, "sync", "show", "72818");
        Assert.Equal(("in 1C", "buh"), (sent.GetProperty("state").GetString(), sent.GetProperty("retriedBy").GetString()));
        Assert.Equal(3, Documents1C().Count);

        var differences = await JsonAsync(on, "sync", "reconcile", "--from", "2026-11-01", "--to", "30.11.2026");
        var missing = Assert.Single(differences.EnumerateArray());
        Assert.Equal(("ЛТ00-072817", "missing in 1C"), (missing.GetProperty("number").GetString(), missing.GetProperty("difference").GetString()));
        var table = await CliAsync(on, "sync", "reconcile", "--from", "2026-11-01", "--to", "2026-11-30");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("ЛТ00-072817", table.Out);
        var agree = await CliAsync(on, "sync", "reconcile", "--from", "2026-11-24", "--to", "2026-11-30");
        Assert.Equal((0, "Ledger and 1C agree."), (agree.ExitCode, agree.Out.Trim()));
    }

    [Fact]
    public async Task Wrong_credentials_stop_sync_run_with_exit_1_and_one_line_naming_the_setting()
    {
        await PublishAsync(Fabrika, 1500m);
        var wrong = Config(("Password", "старый пароль"));
        var before = await SnapshotAsync(Ledger);

        var run = await CliAsync(wrong, "sync", "run");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Stopped: 1C refused the credentials (HTTP 401): check BackOffice:Accounting:User and BackOffice:Accounting:Password.", run.Err.Trim());
        Assert.Empty(Documents1C());
        var json = await CliAsync(wrong, "sync", "run", "--json");
        Assert.Equal(1, json.ExitCode);
        Assert.StartsWith("1C refused the credentials", JsonDocument.Parse(json.Out).RootElement.GetProperty("halted").GetString());
        Assert.Equal(before, await SnapshotAsync(Ledger));
        Assert.Equal(0, await CountAsync("outbox", "destination = 'onec' and (attempts > 0 or processed_at is not null or locked_until is not null)"));

        var problem = Assert.Single((await JsonAsync(wrong, "sync", "problems")).EnumerateArray());
        Assert.Equal("configuration", problem.GetProperty("kind").GetString());
        var reconcile = await CliAsync(wrong, "sync", "reconcile", "--from", "2026-11-01", "--to", "2026-11-30");
        Assert.Equal(1, reconcile.ExitCode);
        Assert.StartsWith("Failed: 1C refused the credentials (HTTP 401)", reconcile.Err);
    }

    [Fact]
    public async Task Bad_arguments_exit_2_and_unknown_invoices_exit_1_with_nothing_changed()
    {
        var on = Config();
        await PublishAsync(Fabrika, 1500m);
        var before = await SnapshotAsync(Tables);

        var backwards = await CliAsync(on, "sync", "reconcile", "--from", "2026-11-30", "--to", "2026-11-01");
        Assert.Equal(2, backwards.ExitCode);
        Assert.Contains("is before --from", backwards.Err);
        Assert.Equal(2, (await CliAsync(on, "sync", "show", "abc")).ExitCode);
        var unknown = await CliAsync(on, "sync", "show", "99999");
        Assert.Equal((1, "Refused: There is no invoice № 99999."), (unknown.ExitCode, unknown.Err.Trim()));
        Assert.Equal(1, (await CliAsync(on, "sync", "retry", "99999")).ExitCode);
        var pattern = await CliAsync(Config(("NumberPattern", "ЛТ-#####")), "sync", "run");
        Assert.Equal(1, pattern.ExitCode);
        Assert.Contains("BackOffice:Accounting:NumberPattern must be a prefix followed by #s, 11 characters in all", pattern.Err);
        Assert.Single(pattern.Err.Trim().Split('\n'));

        Assert.Equal(before, await SnapshotAsync(Tables));
        Assert.Equal(0, OneC.Requests);
    }
}
