using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>
/// The one Quartz job type: it looks its work up by the job's name and hands it to <see cref="JobRunner"/>. No job runs
/// twice at once anywhere in the cluster: the clustered store blocks a [DisallowConcurrentExecution] job's triggers while it runs.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledJob(JobRunner runner, IConfiguration configuration, ILogger<ScheduledJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var name = context.JobDetail.Key.Name;
        var schedule = EffectiveSchedule.Of(configuration).FirstOrDefault(s => s.Job.Name == name);
        if (schedule is not { On: true })
        {
            // The cluster's tables outlive a configuration change: a job switched off here must not keep firing from them.
            JobLog.Unscheduled(log, name, schedule?.OffBecause ?? "not a job of this version");
            await context.Scheduler.DeleteJob(context.JobDetail.Key, CancellationToken.None);
            return;
        }
        await runner.RunAsync(schedule.Job,
            new JobFiring(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.FireInstanceId, context.Scheduler.SchedulerInstanceId),
            cancellationToken);
    }
}
