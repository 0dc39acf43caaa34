using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

public class StartupTests(PostgresCluster cluster) : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("backoffice-root-").FullName;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        GC.SuppressFinalize(this);
    }

    Dictionary<string, string?> Good => new() { ["ConnectionStrings:BackOffice"] = cluster.ConnectionStringFor(cluster.TemplateDatabase) };

    [Fact]
    public async Task A_malformed_appsettings_json_stops_the_start_naming_the_file()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "appsettings.json"), "{ \"ConnectionStrings\": { \"BackOffice\": \"Host=x\", } ,,, ");
        var r = await CliRun.Of(Good, "client", "list", "--content-root", _root);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("appsettings.json", r.Err);
        Assert.Contains("cannot be read", r.Err);
    }

    [Theory]
    [InlineData("BackOffice:Scheduler:CheckinIntervalSeconds", "abc", "BackOffice:Scheduler:CheckinIntervalSeconds")]
    [InlineData("BackOffice:Scheduler:CheckinIntervalSeconds", "0", "CheckinIntervalSeconds")]
    [InlineData("BackOffice:Jobs:heartbeat:Cron", "every five minutes", "BackOffice:Jobs:heartbeat:Cron")]
    [InlineData("ConnectionStrings:BackOffice", "", "ConnectionStrings:BackOffice")]
    [InlineData("ConnectionStrings:BackOffice", "Hots=127.0.0.1", "ConnectionStrings:BackOffice")]
    public async Task A_bad_configuration_value_stops_the_start_naming_the_key(string key, string value, string named)
    {
        var config = Good;
        config[key] = value;
        foreach (var verb in new[] { "run", "client" })
        {
            var r = await CliRun.Of(config, verb == "run" ? ["run"] : ["client", "list"]);
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains("Configuration", r.Err);
            Assert.Contains(named, r.Err);
        }
    }

    [Fact]
    public async Task An_unreachable_database_is_named_with_host_and_port_and_the_run_command()
    {
        var config = new Dictionary<string, string?> { ["ConnectionStrings:BackOffice"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=3" };
        foreach (var args in new[] { new[] { "run" }, ["client", "show", "7583"], ["migrate"] })
        {
            var r = await CliRun.Of(config, args);
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains("127.0.0.1:1", r.Err);
            Assert.Contains("./run.sh", r.Err);
        }
    }

    [Fact]
    public async Task The_content_root_option_is_where_appsettings_json_is_read_from()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "appsettings.json"),
            "{ \"ConnectionStrings\": { \"BackOffice\": \"Host=127.0.0.1;Port=1;Database=from_content_root;Username=x;Timeout=3\" } }");
        var r = await CliRun.Of(new Dictionary<string, string?>(), "migrate", "--content-root", _root);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("from_content_root", r.Err);
    }
}
