using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>BackOffice:Jobs:&lt;job&gt; — each job's schedule in one shape: Cron (Quartz, seconds first), TimeZone, Enabled.</summary>
public sealed class JobSchedule
{
    public string? Cron { get; set; }
    public string TimeZone { get; set; } = JobsOptions.DefaultTimeZone;
    public bool Enabled { get; set; } = true;
}

public sealed class JobsOptions : Dictionary<string, JobSchedule>
{
    public const string Section = "BackOffice:Jobs";
    public const string DefaultTimeZone = "Europe/Moscow";

    public JobsOptions() : base(StringComparer.Ordinal) { }

    public JobSchedule For(JobDefinition job) => TryGetValue(job.Name, out var s) ? s : new JobSchedule();

    public string CronOf(JobDefinition job) => For(job).Cron is { Length: > 0 } c ? c : job.DefaultCron;

    public static JobsOptions From(IConfiguration configuration)
    {
        var options = new JobsOptions();
        configuration.GetSection(Section).Bind(options);
        options.Remove(JobHistoryOptions.Name);
        return options;
    }
}

/// <summary>What a job's schedule comes to in this instance: on with a cron and a zone, or off and why.</summary>
public sealed record EffectiveSchedule(JobDefinition Job, string Cron, string TimeZone, string? OffBecause)
{
    public bool On => OffBecause is null;

    public static IReadOnlyList<EffectiveSchedule> Of(IConfiguration configuration)
    {
        var options = JobsOptions.From(configuration);
        return JobCatalogue.All.Select(job =>
        {
            var s = options.For(job);
            var off = !s.Enabled ? $"{JobsOptions.Section}:{job.Name}:Enabled is false" : job.OffBecause(configuration);
            return new EffectiveSchedule(job, options.CronOf(job), s.TimeZone, off);
        }).ToList();
    }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public DateTimeOffset? NextFire(DateTimeOffset after) =>
        On && CronExpression.TryParse(Cron, out _) ? new CronExpression(Cron, Zone).GetNextValidTimeAfter(after) : null;
}

/// <summary>
/// Bad schedules stop the start, each named by its key: a malformed cron, an unknown time zone, a job name that is not a
/// job, or a cron still under the key it had before BackOffice:Jobs (it would be silently ignored otherwise).
/// </summary>
sealed class JobsOptionsValidator(IConfiguration configuration) : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        foreach (var key in options.Keys.Where(k => JobCatalogue.Find(k) is null))
            failures.Add($"{JobsOptions.Section}:{key} is not a job (the jobs are {string.Join(", ", JobCatalogue.All.Select(j => j.Name))}).");
        foreach (var job in JobCatalogue.All)
        {
            var at = $"{JobsOptions.Section}:{job.Name}";
            if (job.LegacyCronKey.Length > 0 && configuration[job.LegacyCronKey] is not null)
                failures.Add($"{job.LegacyCronKey} moved to {at}:Cron (with {at}:TimeZone and {at}:Enabled); move the value there.");
            var cron = options.CronOf(job);
            if (!CronExpression.TryParse(cron, out _))
                failures.Add($"{at}:Cron '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. \"0 0 6 * * ?\").");
            var zone = options.For(job).TimeZone;
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                failures.Add($"{at}:TimeZone '{zone}' is not a time zone (e.g. Europe/Moscow or UTC).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
