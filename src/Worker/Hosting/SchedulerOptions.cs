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

    /// <summary>When renewal invoices are issued (Moscow time).</summary>
    [Required]
    public string RenewalCron { get; set; } = "0 0 6 * * ?";

    /// <summary>When reminders, notices, late fees and suspensions run (Moscow time).</summary>
    [Required]
    public string OverdueCron { get; set; } = "0 30 6 * * ?";

    [Range(1, 600)]
    public int CheckinIntervalSeconds { get; set; } = 15;

    [Range(1, 64)]
    public int MaxConcurrentJobs { get; set; } = 4;
}

sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var bad = new[] { ("HeartbeatCron", options.HeartbeatCron), ("RenewalCron", options.RenewalCron), ("OverdueCron", options.OverdueCron) }
            .Where(c => !CronExpression.TryParse(c.Item2, out _))
            .Select(c => $"{SchedulerOptions.Section}:{c.Item1} '{c.Item2}' is not a Quartz cron expression (seconds minutes hours day month weekday).")
            .ToList();
        return bad.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(bad);
    }
}
