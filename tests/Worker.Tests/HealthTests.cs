using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

public class HealthTests(PostgresCluster cluster) : VerbTest(cluster)
{
    [Fact]
    public async Task Health_reports_queues_jobs_and_integrations_and_a_failed_job_makes_it_degraded_with_exit_1()
    {
        await using (var conn = await Db.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                insert into outgoing_mail (kind, to_address, subject, body_text, message_id, created_at, next_attempt_at)
                values ('notice', 'a@example.ru', 's', 'b', '<h1@x>', now(), now()), ('notice', 'b@example.ru', 's', 'b', '<h2@x>', now(), now());
                insert into job_runs (job_name, fire_id, scheduled_for, instance, started_at, finished_at, outcome)
                values ('renewals', 'f1', now() - interval '1 day', 'node-a', now() - interval '1 day', now() - interval '1 day', '3 invoices, 3 lines, 0 problems');
                """);
        }
        var ok = await Run("health", "--json");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        using (var json = JsonDocument.Parse(ok.Out))
        {
            var root = json.RootElement;
            Assert.Equal("ok", root.GetProperty("status").GetString());
            Assert.True(root.GetProperty("database").GetProperty("reachable").GetBoolean());
            Assert.Equal(await CountAsync("outgoing_mail", "sent_at is null"), root.GetProperty("queues").GetProperty("outgoingMail").GetInt64());
            Assert.Equal(await CountAsync("bank_review_queue", "resolved_at is null"), root.GetProperty("queues").GetProperty("reviewQueue").GetInt64());
            var renewals = root.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "renewals");
            Assert.Equal("3 invoices, 3 lines, 0 problems", renewals.GetProperty("lastOutcome").GetString());
            Assert.Equal("invoices renew", renewals.GetProperty("verb").GetString());
            var relay = root.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "onec-relay");
            Assert.False(relay.GetProperty("on").GetBoolean());
            Assert.Equal("BackOffice:Accounting:BaseUrl is empty", relay.GetProperty("offBecause").GetString());
            var onec = root.GetProperty("integrations").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "1c");
            Assert.False(onec.GetProperty("configured").GetBoolean());
        }

        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                insert into job_runs (job_name, fire_id, scheduled_for, instance, started_at, finished_at, outcome)
                values ('renewals', 'f2', now(), 'node-b', now(), now(), 'failed: the database refused it')
                """);
        var degraded = await Run("health");
        Assert.True(degraded.ExitCode == 1, degraded.ToString());
        Assert.Contains("Status: degraded", degraded.Out);
        Assert.Contains("failed: the database refused it", degraded.Out);
        // Setting names print as they are written (Spectre markup would have made ":Bank:" an emoji).
        Assert.Contains("off: BackOffice:Bank:InboxFolder is empty", degraded.Out);
        Assert.Contains("off (set BackOffice:Bank:InboxFolder)", degraded.Out);
    }

    [Fact]
    public async Task Health_of_an_unreachable_database_says_down_where_and_exits_1()
    {
        var r = await CliRun.Of(new Dictionary<string, string?> { ["ConnectionStrings:BackOffice"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=2" },
            "health", "--json");
        Assert.Equal(1, r.ExitCode);
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal("down", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("127.0.0.1:1/x", json.RootElement.GetProperty("database").GetProperty("server").GetString());
    }

    [Fact]
    public async Task Jobs_run_goes_through_the_scheduler_s_path_and_records_the_run()
    {
        var tick = await JsonOf("jobs", "run", "desk-tick");
        Assert.False(tick.GetProperty("failed").GetBoolean());
        Assert.StartsWith("0 upgrade ticket(s)", tick.GetProperty("outcome").GetString());
        Assert.Equal(1, await CountAsync("job_runs", "job_name = 'desk-tick' and instance like 'cli:%' and finished_at is not null"));

        var before = await SnapshotAsync(LedgerTables);
        var off = await Run("jobs", "run", "mail-send");
        Assert.Equal(1, off.ExitCode);
        Assert.Contains("failed: Outgoing mail is off: set BackOffice:Mail:SmtpHost", off.Err);
        Assert.Equal(1, await CountAsync("job_runs", "job_name = 'mail-send' and outcome like 'failed: Outgoing mail is off%'"));
        Assert.Equal(before, await SnapshotAsync(LedgerTables));

        var unknown = await Run("jobs", "run", "renewal");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("renewals", unknown.Err);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_running_instance_serves_health_and_prometheus_metrics_on_its_local_port()
    {
        var port = FreePort();
        using var p = WorkerProcess.Start(ConnectionString, new Dictionary<string, string>
        {
            ["BackOffice__Health__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BackOffice__Jobs__heartbeat__Cron"] = "* * * * * ?",
        }, new ConcurrentQueue<string>());
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            string? metrics = null;
            while (DateTime.UtcNow < deadline)
            {
                Assert.False(p.HasExited, "the instance exited");
                try
                {
                    var text = await http.GetStringAsync("/metrics");
                    if (text.Contains("backoffice_jobs_runs", StringComparison.Ordinal)) { metrics = text; break; }
                }
                catch (HttpRequestException) { }
                await Task.Delay(500);
            }
            Assert.NotNull(metrics);
            Assert.Contains("job=\"heartbeat\"", metrics);
            Assert.Contains("backoffice_queue_depth", metrics);
            Assert.Contains("queue=\"outgoing_mail\"", metrics);
            Assert.Contains("db_client_", metrics); // Npgsql's own meter

            using var health = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.True(json.RootElement.GetProperty("database").GetProperty("reachable").GetBoolean());
            var heartbeat = json.RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "heartbeat");
            Assert.Equal("ok", heartbeat.GetProperty("lastOutcome").GetString());
        }
        finally
        {
            await WorkerProcess.StopAllAsync([p]);
        }
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
