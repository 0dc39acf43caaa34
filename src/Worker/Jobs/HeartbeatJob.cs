using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>Proof that the clustered scheduler runs, and runs each firing once: one job_runs row per firing.</summary>
public sealed class HeartbeatJob : IBackOfficeJob
{
    public static readonly JobKey Key = new("heartbeat", "backoffice");

    public Task<JobOutcome> RunOnceAsync(CancellationToken ct) => Task.FromResult(new JobOutcome("ok"));
}
