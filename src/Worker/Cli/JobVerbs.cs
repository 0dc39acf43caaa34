using System.CommandLine;
using BackOffice.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Worker.Cli;

/// <summary>`jobs run NAME`: one run of a scheduled job through the very path the scheduler takes (JobRunner), recorded in job_runs.</summary>
static class JobVerbs
{
    public static Command Build(BackOfficeCli cli)
    {
        var jobs = new Command("jobs", "The scheduled jobs: run one once, as the scheduler would (their schedules: `backoffice health`).");
        var name = new Argument<string>("job")
        {
            Description = "One of: " + string.Join(", ", JobCatalogue.All.Select(j => j.Name)),
        };
        name.AcceptOnlyFromAmong([.. JobCatalogue.All.Select(j => j.Name)]);
        var run = new Command("run", "Run a job once now, through the scheduler's own code path; its outcome goes into job_runs like a scheduled run's.") { name };
        run.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var job = JobCatalogue.Find(parse.GetValue(name)!)!;
            var firing = new JobFiring(DateTimeOffset.UtcNow, "cli-" + Guid.NewGuid().ToString("N"), $"cli:{Environment.MachineName}:{Environment.ProcessId}");
            var result = await CliProgress.RunStepsAsync(cli, $"Job {job.Name}", p => services.GetRequiredService<JobRunner>().RunAsync(job, firing, ct, p));
            var (runId, outcome) = result!.Value;
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, new { job = job.Name, runId, outcome = outcome.Summary, failed = outcome.Failed });
            else if (outcome.Failed) cli.Err.WriteLine($"Job {job.Name} (run {runId}) {outcome.Summary}");
            else cli.Out.WriteLine($"Job {job.Name} (run {runId}): {outcome.Summary}");
            return outcome.Failed ? BackOfficeCli.Failed : BackOfficeCli.Ok;
        }));
        jobs.Add(run);
        return jobs;
    }
}
