using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>Writes one row per firing into job_runs: proof that the clustered scheduler runs, and runs each firing once.</summary>
[DisallowConcurrentExecution]
public sealed class HeartbeatJob(JobTickets tickets) : IJob
{
    public static readonly JobKey Key = new("heartbeat", "backoffice");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (await tickets.TryClaimAsync(context, cancellationToken) is { } run)
            await tickets.FinishAsync(run, "ok", cancellationToken);
    }
}
