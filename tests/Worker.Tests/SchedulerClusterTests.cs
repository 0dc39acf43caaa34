using System.Diagnostics;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

/// <summary>Two real `backoffice run` processes on one database: the clustered scheduler fires each tick once.</summary>
public class SchedulerClusterTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    [Fact(Timeout = 180_000)]
    public async Task Two_instances_run_each_heartbeat_firing_exactly_once()
    {
        var instances = new[] { StartInstance(), StartInstance() };
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && await CountAsync("job_runs", "job_name = 'heartbeat'") < 6)
            {
                foreach (var p in instances)
                    if (p.HasExited) Assert.Fail($"an instance exited ({p.ExitCode}): {await p.StandardError.ReadToEndAsync()}");
                await Task.Delay(500);
            }
        }
        finally
        {
            foreach (var p in instances)
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }
        }

        await using var conn = await Db.OpenConnectionAsync();
        var (runs, ticks, finished) = await conn.QuerySingleAsync<(long, long, long)>(
            "select count(*), count(distinct scheduled_for), count(*) filter (where outcome = 'ok') from job_runs where job_name = 'heartbeat'");
        Assert.True(runs >= 6, $"the scheduler ran {runs} time(s) in a minute");
        Assert.Equal(runs, ticks);
        Assert.Equal(runs, finished);
        // Both instances joined the cluster.
        Assert.Equal(2, await conn.ExecuteScalarAsync<long>("select count(distinct instance_name) from qrtz_scheduler_state"));
    }

    [Fact]
    public async Task A_tick_is_claimed_once_however_often_it_fires()
    {
        var tickets = new Jobs.JobTickets(Db, Clock);
        var tick = new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
        var first = await tickets.TryClaimAsync("renewals", tick, "fire-1", "node-a", CancellationToken.None);
        var again = await tickets.TryClaimAsync("renewals", tick, "fire-2", "node-b", CancellationToken.None);
        var otherJob = await tickets.TryClaimAsync("overdue", tick, "fire-3", "node-b", CancellationToken.None);
        var nextTick = await tickets.TryClaimAsync("renewals", tick.AddDays(1), "fire-4", "node-b", CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(again);
        Assert.NotNull(otherJob);
        Assert.NotNull(nextTick);
        Assert.Equal(1, await CountAsync("job_runs", "job_name = 'renewals' and instance = 'node-a'"));
    }

    Process StartInstance() => WorkerProcess.Start(ConnectionString, new Dictionary<string, string> { ["BackOffice__Jobs__heartbeat__Cron"] = "* * * * * ?" });
}
