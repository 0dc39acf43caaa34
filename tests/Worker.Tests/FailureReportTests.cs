using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

public class FailureReportTests(PostgresCluster cluster) : VerbTest(cluster)
{
    [Fact]
    public async Task An_unexpected_failure_is_one_line_naming_what_and_where_with_the_detail_in_the_log_and_under_verbose()
    {
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("drop table service_events");

        var r = await Run("services", "show", "20804");
        Assert.Equal(1, r.ExitCode);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("Failed: The database refused it: relation \"service_events\" does not exist", lines[0]);
        Assert.DoesNotContain("Exception", lines[0]);
        var log = lines[0][(lines[0].IndexOf("detail in ", StringComparison.Ordinal) + "detail in ".Length)..lines[0].IndexOf(';', StringComparison.Ordinal)];
        Assert.Contains("PostgresException", await File.ReadAllTextAsync(log));

        var verbose = await Run("services", "show", "20804", "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Err);
        Assert.Contains("42P01", verbose.Err);
    }

    [Fact]
    public async Task A_missing_folder_or_file_is_named()
    {
        var folder = Path.Combine(Path.GetTempPath(), "no-such-inbox-" + Guid.NewGuid().ToString("N"));
        var r = await Refused(1, folder, "bank", "inbox", folder);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
