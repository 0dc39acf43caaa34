namespace BackOffice.Worker.Jobs;

/// <summary>What one run of a job came to: the line kept in job_runs, and whether it failed.</summary>
public sealed record JobOutcome(string Summary, bool Failed = false)
{
    public static JobOutcome Failure(string why) => new("failed: " + why, Failed: true);
}

/// <summary>
/// The work of one scheduled job. The scheduler (<see cref="ScheduledJob"/>) and `backoffice jobs run` both call it
/// through <see cref="JobRunner"/>: one code path, one job_runs row, one log scope, the same metrics.
/// </summary>
public interface IBackOfficeJob
{
    Task<JobOutcome> RunOnceAsync(CancellationToken ct);
}
