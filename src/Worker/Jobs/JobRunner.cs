using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackOffice.Worker.Jobs;

/// <summary>Which firing a run answers: the scheduled time, Quartz's fire id (or the command line's), and who runs it.</summary>
public sealed record JobFiring(DateTimeOffset ScheduledFor, string FireId, string Instance);

/// <summary>
/// The job boundary, for the scheduler and the command line alike: claim the firing in job_runs (each firing runs once
/// across instances), run the work inside a log scope naming the job and the run, record the outcome, count it.
/// A failure is logged and recorded; the job runs again at its next firing and the service stays up.
/// </summary>
public sealed class JobRunner(IServiceProvider services, JobTickets tickets, WorkerMetrics metrics, ShutdownSignal shutdown, ILogger<JobRunner> log)
{
    /// <summary>The run's id and outcome, or null when another instance had claimed this firing.</summary>
    public async Task<(long RunId, JobOutcome Outcome)?> RunAsync(JobDefinition job, JobFiring firing, CancellationToken ct,
        IProgress<(string Step, int Done, int Total)>? progress = null)
    {
        if (await tickets.TryClaimAsync(job.Name, firing.ScheduledFor, firing.FireId, firing.Instance, ct) is not { } runId)
        {
            JobLog.AlreadyRun(log, job.Name, firing.FireId);
            return null;
        }
        using var scope = log.BeginScope(new JobLogScope(job.Name, runId, firing.FireId));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, shutdown.Token);
        var started = DateTime.UtcNow;
        JobOutcome outcome;
        try
        {
            await using var jobScope = services.CreateAsyncScope();
            jobScope.ServiceProvider.GetRequiredService<JobProgress>().Steps = progress;
            var work = (IBackOfficeJob)jobScope.ServiceProvider.GetRequiredService(job.Work);
            outcome = await work.RunOnceAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            JobLog.Stopped(log, job.Name, runId);
            outcome = JobOutcome.Failure("stopped by the shutdown; left for the next run");
        }
        catch (Exception e)
        {
            JobLog.JobFailed(log, job.Name, e);
            outcome = JobOutcome.Failure(e.Message);
        }
        metrics.JobRan(job.Name, outcome.Failed, DateTime.UtcNow - started);
        await tickets.FinishAsync(runId, outcome.Summary, CancellationToken.None);
        JobLog.Finished(log, job.Name, runId, outcome.Summary);
        return (runId, outcome);
    }
}
