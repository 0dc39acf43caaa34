using System.ComponentModel.DataAnnotations;

namespace BackOffice.Worker.Hosting;

/// <summary>BackOffice:Scheduler — the Quartz cluster that runs the jobs (each job's schedule is under BackOffice:Jobs).</summary>
public sealed class SchedulerOptions
{
    public const string Section = "BackOffice:Scheduler";

    public bool Enabled { get; set; } = true;

    [Range(1, 600)]
    public int CheckinIntervalSeconds { get; set; } = 15;

    [Range(1, 64)]
    public int MaxConcurrentJobs { get; set; } = 4;

    /// <summary>
    /// On stop, running jobs get this long to finish their current item before they are told to abandon the rest. The host
    /// then waits this plus 10 s in all, which must stay below systemd's TimeoutStopSec (60 s in backoffice.service).
    /// </summary>
    [Range(0, 45)]
    public int StopGraceSeconds { get; set; } = 20;

    public TimeSpan ShutdownTimeout => TimeSpan.FromSeconds(StopGraceSeconds + 10);
}
