using Dapper;
using Npgsql;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>Writes one row per firing into job_runs: proof that the clustered scheduler runs, and runs each firing once.</summary>
[DisallowConcurrentExecution]
public sealed class HeartbeatJob(NpgsqlDataSource db, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("heartbeat", "backoffice");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into job_runs (job_name, fire_id, scheduled_for, instance, started_at, finished_at, outcome)
            values ('heartbeat', @fireId, @scheduledFor, @instance, @now, @now, 'ok')
            on conflict do nothing
            """, new
        {
            fireId = context.FireInstanceId,
            scheduledFor = context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
            instance = context.Scheduler.SchedulerInstanceId,
            now,
        }, cancellationToken: cancellationToken));
    }
}
