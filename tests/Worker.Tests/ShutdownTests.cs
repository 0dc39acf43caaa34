using System.Collections.Concurrent;
using BackOffice.Ledger.Demo;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using Dapper;

namespace BackOffice.Worker.Tests;

/// <summary>SIGTERM (systemctl stop) on a real `backoffice run`: the running job gets its grace, then abandons its item; exit 0.</summary>
public sealed class ShutdownTests(PostgresCluster cluster, MailServers mail) : DatabaseTest(cluster), IClassFixture<MailServers>
{
    readonly string _inbox = Directory.CreateTempSubdirectory("backoffice-stop-inbox-").FullName;

    public override async ValueTask DisposeAsync()
    {
        Directory.Delete(_inbox, recursive: true);
        await base.DisposeAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task Sigterm_during_a_stalled_1c_call_abandons_the_item_within_the_grace_and_exits_0()
    {
        await new DemoData(Db).LoadAsync();
        await using var oneC = await FakeOneCServer.StartAsync();
        var world = new ClusterWorld(Db, oneC, mail, _inbox);
        await world.PrepareOneCAsync();
        var number = (await world.PublishInvoicesAsync(1))[0];
        oneC.FailNext(FakeFailure.Stall, times: 100);
        var settings = world.Settings();
        settings["BackOffice__Accounting__TimeoutSeconds"] = "120";
        settings["BackOffice__Scheduler__StopGraceSeconds"] = "2";
        var log = new ConcurrentQueue<string>();
        using var p = WorkerProcess.Start(ConnectionString, settings, log, "--log-format", "json");
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (await CountAsync("job_runs", "job_name = 'onec-relay' and finished_at is null") == 0 && DateTime.UtcNow < deadline)
            {
                Assert.False(p.HasExited, "the instance exited before the relay ran");
                await Task.Delay(100);
            }
            await Task.Delay(500); // inside the stalled call
            WorkerProcess.Terminate(p);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await p.WaitForExitAsync(wait.Token);
        }
        finally
        {
            await WorkerProcess.StopAllAsync([p]);
        }

        Assert.Equal(0, p.ExitCode);
        await using var conn = await Db.OpenConnectionAsync();
        var outcome = await conn.QuerySingleAsync<string>("select outcome from job_runs where job_name = 'onec-relay' order by id desc limit 1");
        Assert.Equal("failed: stopped by the shutdown; left for the next run", outcome);
        // Nothing half-written: the invoice's change still waits in the outbox, with no attempt counted against it.
        var item = await conn.QuerySingleAsync<(DateTime? Processed, int Attempts)>(
            "select o.processed_at, o.attempts from outbox o join invoices i on i.id = o.aggregate_id where i.number = @number and o.destination = 'onec'", new { number });
        Assert.Equal((null, 0), item);
        Assert.Empty(world.OneCInvoices());
        // The log is JSON lines, and the stop is in it with the job and its run.
        var lines = log.ToArray();
        Assert.All(lines, l => System.Text.Json.JsonDocument.Parse(l).Dispose());
        Assert.Contains(lines, l => l.Contains("\"EventId\":2092", StringComparison.Ordinal) && l.Contains("\"Job\":\"onec-relay\"", StringComparison.Ordinal));
        // Every line of the run carries its ids in the scope, readable in the plain format too (its Message is what a console shows).
        Assert.Contains(lines, l => l.Contains("\"Message\":\"Job=onec-relay RunId=", StringComparison.Ordinal) && l.Contains("\"FireId\":", StringComparison.Ordinal));
    }
}
