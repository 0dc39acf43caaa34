using System.Text.Json;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

/// <summary>
/// The sync verbs without 1C. Their work with 1C is tested in Sync.Tests against the fake 1C, which is not referenced
/// here: its ASP.NET Core framework would take the package assemblies the `backoffice run` processes of these tests need.
/// </summary>
public class SyncVerbTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
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
        var problems = await CliRun.Of(off, "sync", "problems", "--json");
        Assert.Equal(0, JsonDocument.Parse(problems.Out).RootElement.GetArrayLength());
        var badDate = await CliRun.Of(off, "sync", "reconcile", "--from", "32.11.2026", "--to", "2026-11-30");
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("--from: '32.11.2026' is not a date", badDate.Err);
    }
}
