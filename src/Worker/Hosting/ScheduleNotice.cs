using BackOffice.Worker.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackOffice.Worker.Hosting;

/// <summary>One line per job at start: its schedule, or why it is off in this instance.</summary>
sealed partial class ScheduleNotice(IConfiguration configuration, ILogger<ScheduleNotice> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var s in EffectiveSchedule.Of(configuration))
            if (s.On) Scheduled(log, s.Job.Name, s.Cron, s.TimeZone);
            else Off(log, s.Job.Name, s.OffBecause!);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Job {Job} scheduled: {Cron} ({TimeZone})")]
    static partial void Scheduled(ILogger logger, string job, string cron, string timeZone);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Job {Job} off: {Why}")]
    static partial void Off(ILogger logger, string job, string why);
}
