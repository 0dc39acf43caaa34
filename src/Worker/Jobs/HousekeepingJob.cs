using System.ComponentModel.DataAnnotations;
using Dapper;
using Npgsql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>BackOffice:Jobs:History — how long the jobs' own bookkeeping (job_runs) is kept.</summary>
public sealed class JobHistoryOptions
{
    public const string Name = "History";
    public const string Section = JobsOptions.Section + ":" + Name;

    /// <summary>Runs scheduled longer ago than this are deleted by the housekeeping job (default 90).</summary>
    [Range(1, 36500)]
    public int KeepDays { get; set; } = 90;
}

/// <summary>
/// Keeps job_runs from growing forever (about 12 000 rows a day with the default schedules): runs older than
/// History:KeepDays go, except each job's last run, last success and last failure, which health reports however old.
/// Business rows the jobs write (mail sent, statements, outbox items) are records, not bookkeeping, and are kept.
/// </summary>
public sealed class HousekeepingJob(NpgsqlDataSource db, IOptions<JobHistoryOptions> options, TimeProvider clock, ILogger<HousekeepingJob> log)
    : IBackOfficeJob
{
    public static readonly JobKey Key = new("housekeeping", "backoffice");

    // Deleted a slice at a time: the first run on a database of years may hold millions of rows.
    const int Slice = 10_000;

    public async Task<JobOutcome> RunOnceAsync(CancellationToken ct)
    {
        var keepDays = options.Value.KeepDays;
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-keepDays);
        var deleted = 0;
        await using var conn = await db.OpenConnectionAsync(ct);
        for (int n; (n = await conn.ExecuteAsync(new CommandDefinition("""
                 with kept as (
                     (select distinct on (job_name) id from job_runs order by job_name, scheduled_for desc)
                     union
                     (select distinct on (job_name) id from job_runs where finished_at is not null and outcome not like 'failed%'
                      order by job_name, scheduled_for desc)
                     union
                     (select distinct on (job_name) id from job_runs where outcome like 'failed%' order by job_name, scheduled_for desc))
                 delete from job_runs where id in (
                     select id from job_runs where scheduled_for < @cutoff and id not in (select id from kept) limit @Slice)
                 """, new { cutoff, Slice }, cancellationToken: ct))) > 0;)
            deleted += n;
        HousekeepingLog.Pruned(log, deleted, keepDays);
        return new JobOutcome($"{deleted} job run(s) older than {keepDays} days deleted");
    }
}

static partial class HousekeepingLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Housekeeping: {Deleted} job run(s) older than {KeepDays} days deleted")]
    public static partial void Pruned(ILogger logger, int deleted, int keepDays);
}
