using BackOffice.Sync.Accounting;
using BackOffice.Worker.Jobs;
using Dapper;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace BackOffice.Worker.Health;

/// <summary>
/// Reads the service's state from the database it shares with every instance: so `backoffice health` on any machine, and
/// /health of any instance, tell the same story. The queue depths it reads are also what /metrics exports.
/// </summary>
public sealed class HealthCheck(NpgsqlDataSource db, IConfiguration configuration, WorkerMetrics metrics, TimeProvider clock)
{
    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var schedules = EffectiveSchedule.Of(configuration);
        var where = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        var server = $"{where.Host}:{where.Port}/{where.Database}";
        NpgsqlConnection conn;
        try
        {
            conn = await db.OpenConnectionAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var jobs = schedules.Select(s => Job(s, now, null)).ToList();
            return new HealthReport(HealthReport.Down, now, new DatabaseHealth(false, server, null, e.Message), [], null, jobs);
        }
        await using (conn)
        {
            var version = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("select max(version) from schema_migrations", cancellationToken: ct));
            var queues = await conn.QuerySingleAsync<QueueDepths>(new CommandDefinition("""
                select (select count(*) from outbox where destination = 'onec' and processed_at is null and gave_up_at is null) as "Outbox",
                       (select count(*) from outbox where destination = 'onec' and processed_at is null and gave_up_at is not null) as "OutboxGaveUp",
                       (select count(*) from outgoing_mail where sent_at is null) as "OutgoingMail",
                       (select count(*) from bank_review_queue where resolved_at is null) as "ReviewQueue",
                       (select count(*) from tickets where sla_due_at is not null and sla_due_at <= @now) as "BreachingTickets"
                """, new { now = now.UtcDateTime }, cancellationToken: ct));
            metrics.Queues(queues.ByName);
            var runs = (await conn.QueryAsync<RunRow>(new CommandDefinition("""
                select n.name as "JobName", last.started_at as "StartedAt", last.finished_at as "FinishedAt", last.outcome as "Outcome", last.instance as "Instance",
                       ok.finished_at as "LastSuccess", bad.finished_at as "LastError", bad.outcome as "Error"
                from unnest(@names) as n(name)
                left join lateral (select started_at, finished_at, outcome, instance from job_runs
                                   where job_name = n.name order by scheduled_for desc limit 1) last on true
                left join lateral (select finished_at from job_runs where job_name = n.name and finished_at is not null
                                   and outcome not like 'failed%' order by scheduled_for desc limit 1) ok on true
                left join lateral (select finished_at, outcome from job_runs where job_name = n.name
                                   and outcome like 'failed%' order by scheduled_for desc limit 1) bad on true
                """, new { names = JobCatalogue.All.Select(j => j.Name).ToArray() }, cancellationToken: ct)))
                .ToDictionary(r => r.JobName);
            var onec = await conn.QuerySingleOrDefaultAsync<(DateTime? Success, DateTime? ErrorAt, string? Error)>(new CommandDefinition(
                "select last_success_at, last_error_at, last_error from onec_sync_state", cancellationToken: ct));

            var integrations = new List<IntegrationHealth>
            {
                new("1c", schedules.Single(s => s.Job.Name == "onec-relay").Job.OffBecause(configuration) is null,
                    $"{AccountingOptions.Section}:BaseUrl", At(onec.Success), At(onec.ErrorAt), onec.Error),
                FromJob("mailbox", "mail-fetch", $"{BackOffice.Tickets.MailOptions.Section}:ImapHost"),
                FromJob("smtp", "mail-send", $"{BackOffice.Tickets.MailOptions.Section}:SmtpHost"),
                FromJob("bank-inbox", "bank-inbox", $"{BankInboxOptions.Section}:InboxFolder"),
            };
            var jobs = schedules.Select(s => Job(s, now, runs.GetValueOrDefault(s.Job.Name))).ToList();
            var status = integrations.Any(i => i.Failing) || jobs.Any(j => j.On && j.LastFailed) ? HealthReport.Degraded : HealthReport.Ok;
            return new HealthReport(status, now, new DatabaseHealth(true, server, version, null), integrations, queues, jobs);

            IntegrationHealth FromJob(string name, string job, string key)
            {
                var configured = JobCatalogue.Find(job)!.OffBecause(configuration) is null;
                var r = runs.GetValueOrDefault(job);
                return new IntegrationHealth(name, configured, key, At(r?.LastSuccess), At(r?.LastError), r?.Error);
            }
        }
    }

    static DateTimeOffset? At(DateTime? utc) => utc is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    static JobHealth Job(EffectiveSchedule s, DateTimeOffset now, RunRow? last) =>
        new(s.Job.Name, s.On, s.OffBecause, s.Cron, s.TimeZone, s.NextFire(now), s.Job.Verb,
            At(last?.StartedAt), At(last?.FinishedAt), last?.Outcome, last?.Instance);

    sealed record RunRow(string JobName, DateTime? StartedAt, DateTime? FinishedAt, string? Outcome, string? Instance,
        DateTime? LastSuccess, DateTime? LastError, string? Error);
}
