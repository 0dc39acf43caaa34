using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Hosting;

/// <summary>BackOffice:Scheduler — the Quartz cluster that runs the jobs.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "BackOffice:Scheduler";

    public bool Enabled { get; set; } = true;

    /// <summary>Quartz cron (seconds first). The heartbeat proves the scheduler runs; see the job_runs table.</summary>
    [Required]
    public string HeartbeatCron { get; set; } = "0 0/5 * * * ?";

    [Range(1, 600)]
    public int CheckinIntervalSeconds { get; set; } = 15;

    [Range(1, 64)]
    public int MaxConcurrentJobs { get; set; } = 4;
}

sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options) =>
        CronExpression.TryParse(options.HeartbeatCron, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{SchedulerOptions.Section}:HeartbeatCron '{options.HeartbeatCron}' is not a Quartz cron expression (seconds minutes hours day month weekday).");
}
