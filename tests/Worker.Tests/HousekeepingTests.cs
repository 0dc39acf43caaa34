using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

/// <summary>The housekeeping job keeps job_runs from growing forever, and keeps what health reads however old it is.</summary>
public class HousekeepingTests(PostgresCluster cluster) : VerbTest(cluster)
{
    async Task RunsAsync(params (string Job, int DaysAgo, string? Outcome)[] runs)
    {
        await using var conn = await Db.OpenConnectionAsync();
        foreach (var (job, daysAgo, outcome) in runs)
            await conn.ExecuteAsync("""
                insert into job_runs (job_name, fire_id, scheduled_for, instance, started_at, finished_at, outcome)
                values (@job, @fireId, now() - make_interval(days => @daysAgo), 'test', now() - make_interval(days => @daysAgo),
                        case when @outcome is null then null else now() - make_interval(days => @daysAgo) end, @outcome)
                """, new { job, fireId = $"{job}-{daysAgo}", daysAgo, outcome });
    }

    async Task<List<string>> LeftAsync()
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.QueryAsync<string>("select fire_id from job_runs where instance = 'test' order by fire_id")).ToList();
    }

    [Fact]
    public async Task Runs_older_than_the_kept_days_go_but_each_job_s_last_run_success_and_failure_stay()
    {
        await RunsAsync(
            ("heartbeat", 200, "ok"), ("heartbeat", 100, "ok"), ("heartbeat", 89, "ok"), ("heartbeat", 10, "ok"),
            // overdue's last run failed 120 days ago, its last success was before: health shows both, so both stay.
            ("overdue", 200, "ok"), ("overdue", 150, "ok"), ("overdue", 130, "failed: x"), ("overdue", 120, "failed: y"),
            // A run cut short long ago (no outcome) that is still the job's last run.
            ("renewals", 95, null));
        var ledger = await SnapshotAsync(LedgerTables);

        var r = await JsonOf("jobs", "run", "housekeeping");

        Assert.Equal("4 job run(s) older than 90 days deleted", r.GetProperty("outcome").GetString());
        Assert.Equal(["heartbeat-10", "heartbeat-89", "overdue-120", "overdue-150", "renewals-95"], await LeftAsync());
        Assert.Equal(1, await CountAsync("job_runs", "job_name = 'housekeeping' and outcome like '4 job run(s)%'"));
        Assert.Equal(ledger, await SnapshotAsync(LedgerTables));

        // A second run finds nothing more to delete.
        var again = await JsonOf("jobs", "run", "housekeeping");
        Assert.Equal("0 job run(s) older than 90 days deleted", again.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task The_kept_days_come_from_the_configuration()
    {
        await RunsAsync(("heartbeat", 10, "ok"), ("heartbeat", 3, "ok"), ("heartbeat", 1, "ok"));
        var config = Config;
        config["BackOffice:Jobs:History:KeepDays"] = "2";

        var r = await CliRun.Of(config, "jobs", "run", "housekeeping");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("2 job run(s) older than 2 days deleted", r.Out);
        Assert.Equal(["heartbeat-1"], await LeftAsync());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task A_kept_days_below_one_is_refused_and_nothing_is_deleted(string keepDays)
    {
        await RunsAsync(("heartbeat", 200, "ok"), ("heartbeat", 10, "ok"));
        var before = await SnapshotAsync([.. LedgerTables, "job_runs"]);
        var config = Config;
        config["BackOffice:Jobs:History:KeepDays"] = keepDays;

        var r = await CliRun.Of(config, "jobs", "run", "housekeeping");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("BackOffice:Jobs:History", r.Err);
        Assert.Contains("KeepDays must be between 1 and 36500", r.Err);
        Assert.Equal(before, await SnapshotAsync([.. LedgerTables, "job_runs"]));
    }
}
