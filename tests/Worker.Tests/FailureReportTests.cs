using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

public class FailureReportTests(PostgresCluster cluster) : VerbTest(cluster)
{
    [Fact]
    public async Task An_unexpected_failure_is_one_line_naming_what_and_where_with_the_detail_in_the_log_and_under_verbose()
    {
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("drop table service_history");

        var r = await Run("services", "show", "20804");
        Assert.Equal(1, r.ExitCode);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("Failed: The database refused it: relation \"service_history\" does not exist", lines[0]);
        Assert.DoesNotContain("Exception", lines[0]);
        var log = lines[0][(lines[0].IndexOf("detail in ", StringComparison.Ordinal) + "detail in ".Length)..lines[0].IndexOf(';', StringComparison.Ordinal)];
        Assert.Contains("PostgresException", await File.ReadAllTextAsync(log));

        var verbose = await Run("services", "show", "20804", "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Err);
        Assert.Contains("42P01", verbose.Err);
    }

    [Theory]
    [InlineData("Cannot parse argument 'abc' for command 'show': expected a whole number", "invoices", "show", "abc")]
    [InlineData("Cannot parse argument 'x' for option '--client': expected a whole number", "payments", "list", "--client", "x")]
    [InlineData("--amount: '1.000,00' is not an amount; write it as 1660.00, 1660,00 or 1 660,00", "credit", "add", "7583", "--amount", "1.000,00", "--reason", "x")]
    [InlineData("--until: '2027/01/31' is not a date; write it as 2026-12-01 or 01.12.2026", "services", "override", "20806", "--until", "2027/01/31", "--reason", "x")]
    public async Task An_unreadable_value_names_the_option_and_the_forms_never_a_dotnet_type(string message, params string[] args)
    {
        var r = await Refused(2, message, args);
        Assert.DoesNotContain("System.", r.Err);
    }

    [Fact]
    public async Task A_missing_folder_or_file_is_named()
    {
        var folder = Path.Combine(Path.GetTempPath(), "no-such-inbox-" + Guid.NewGuid().ToString("N"));
        var r = await Refused(1, folder, "bank", "inbox", folder);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
