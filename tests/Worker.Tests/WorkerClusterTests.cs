using System.Diagnostics;
using BackOffice.Ledger.Demo;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using Dapper;

namespace BackOffice.Worker.Tests;

/// <summary>
/// Three real `backoffice run` processes on one database, with invoices for 1C, mail for SMTP and statements in the inbox;
/// one of them is killed (SIGKILL) in the middle of a job. The other two finish its work: every item once, none lost.
/// </summary>
public sealed class WorkerClusterTests(PostgresCluster cluster, MailServers mail) : DatabaseTest(cluster), IClassFixture<MailServers>
{
    readonly string _inbox = Directory.CreateTempSubdirectory("backoffice-cluster-inbox-").FullName;
    FakeOneCServer _oneC = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _oneC = await FakeOneCServer.StartAsync();
        mail.ClearReceived();
    }

    public override async ValueTask DisposeAsync()
    {
        await _oneC.DisposeAsync();
        Directory.Delete(_inbox, recursive: true);
        await base.DisposeAsync();
    }

    [Fact(Timeout = 300_000)]
    public async Task Three_instances_share_the_work_and_a_killed_one_leaves_nothing_lost_or_doubled()
    {
        await new DemoData(Db).LoadAsync();
        var world = new ClusterWorld(Db, _oneC, mail, _inbox);
        await world.PrepareOneCAsync();
        _oneC.Latency = TimeSpan.FromMilliseconds(150); // long enough that the kill lands inside a job
        _oneC.FailEveryNth = 10;
        var numbers = await world.PublishInvoicesAsync(30);
        await world.QueueMailAsync(30);
        foreach (var n in numbers.Take(10)) world.DropStatement(n);

        var instances = Enumerable.Range(0, 3).Select(_ => WorkerProcess.Start(ConnectionString, world.Settings())).ToList();
        Process? killed = null;
        try
        {
            // Kill the first instance seen holding a run open, once a few runs are done.
            var deadline = DateTime.UtcNow.AddSeconds(200); // generous: a loaded machine starts three processes slowly
            while (killed is null && DateTime.UtcNow < deadline)
            {
                await FailIfExitedAsync(instances);
                await using var conn = await Db.OpenConnectionAsync();
                var busy = await conn.QueryAsync<string>(
                    "select instance from job_runs where finished_at is null and job_name in ('onec-relay', 'mail-send', 'bank-inbox')");
                var victim = instances.FirstOrDefault(p => busy.Contains(WorkerProcess.InstanceOf(p)));
                if (victim is not null && await CountAsync("job_runs", "finished_at is not null and job_name = 'onec-relay'") >= 3)
                {
                    victim.Kill();
                    killed = victim;
                }
                else await Task.Delay(100);
            }
            Assert.NotNull(killed);
            var survivors = instances.Where(p => p != killed).ToList();
            while (!await world.DoneAsync() && DateTime.UtcNow < deadline)
            {
                await FailIfExitedAsync(survivors);
                await Task.Delay(250);
            }
            Assert.True(await world.DoneAsync(), "the surviving instances did not finish the work in time: " + await LeftAsync());
            // Stop the survivors as systemd would: a graceful stop finishes the run in hand, so none of theirs stays open.
            foreach (var p in survivors) WorkerProcess.Terminate(p);
            foreach (var p in survivors)
            {
                using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await p.WaitForExitAsync(stopped.Token);
            }
        }
        finally
        {
            await WorkerProcess.StopAllAsync(instances);
        }

        // 1C: every published invoice once (the fake refuses a second document of the same number anyway, so count them too).
        var inOneC = world.OneCInvoices();
        Assert.Equal(numbers.Count, inOneC.Count);
        Assert.All(inOneC, d => Assert.Equal(1, d.Value));
        Assert.Equal(numbers.Count, await CountAsync("onec_invoices"));
        // Mail: every row sent, every Message-ID received; a copy more only for a row the killed instance had handed to
        // the server but not yet marked (the receiver drops it by its Message-ID).
        var received = world.Received();
        var queued = await CountAsync("outgoing_mail");
        Assert.Equal(queued, received.Count);
        Assert.True(received.Values.Sum() <= queued + 1, $"{received.Values.Sum()} copies of {queued} mails");
        // Statements: each file imported once, each payment recorded once.
        Assert.Equal(10, Directory.EnumerateFiles(Path.Combine(_inbox, "processed")).Count());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_inbox, "rejected")));
        Assert.Equal(10, await CountAsync("bank_documents"));
        Assert.Equal(10, await CountAsync("bank_document_payments"));
        Assert.Equal(10, await CountAsync("invoices", $"status = 'paid' and number in ({string.Join(",", numbers.Take(10))})"));
        // Each firing ran once, and the cluster spread the firings over the instances.
        await using var db = await Db.OpenConnectionAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("select count(*) from (select 1 from job_runs group by job_name, scheduled_for having count(*) > 1) d"));
        Assert.True(await db.ExecuteScalarAsync<long>("select count(distinct instance) from job_runs") >= 2);
        // Only the killed instance may have left a run unfinished (the survivors were stopped gracefully above).
        var open = (await db.QueryAsync<string>("select distinct instance from job_runs where finished_at is null")).ToList();
        Assert.All(open, i => Assert.Equal(WorkerProcess.InstanceOf(killed!), i));
    }

    async Task<string> LeftAsync()
    {
        await using var conn = await Db.OpenConnectionAsync();
        var outbox = await conn.QueryAsync<string>(
            "select concat_ws(' ', id, kind, attempts, locked_until, gave_up_at, last_error) from outbox where destination = 'onec' and processed_at is null limit 5");
        var mails = await conn.QueryAsync<string>(
            "select concat_ws(' ', id, attempts, locked_until, next_attempt_at, last_error) from outgoing_mail where sent_at is null limit 5");
        var runs = await conn.QueryAsync<string>(
            "select concat_ws(' ', job_name, instance, count(*), max(outcome)) from job_runs group by job_name, instance");
        return $"outbox: {string.Join(" | ", outbox)}; mail: {string.Join(" | ", mails)}; inbox: {string.Join(", ", Directory.EnumerateFiles(_inbox).Select(Path.GetFileName))}; " +
               $"runs: {string.Join(" | ", runs)}";
    }

    static async Task FailIfExitedAsync(IEnumerable<Process> instances)
    {
        foreach (var p in instances)
            if (p.HasExited) Assert.Fail($"an instance exited ({p.ExitCode}): {await p.StandardError.ReadToEndAsync()}");
    }
}
