using System.CommandLine;
using System.Globalization;
using BackOffice.Worker.Health;
using BackOffice.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BackOffice.Worker.Cli;

static class HealthVerb
{
    public static Command Build(BackOfficeCli cli)
    {
        var cmd = new Command("health", "The service's health: database, each integration's last success and error, queue depths, each job's last and next run. " +
                                        "Exit 0 ok, 1 when something needs a look (database down, an integration or a job failing).");
        cmd.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost(parse, asService: false);
            BackOfficeHost.Validate(host);
            var report = await host.Services.GetRequiredService<HealthCheck>().CheckAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, report);
            else Write(CliOutput.Console(cli.Out), report);
            return report.Status == HealthReport.Ok ? BackOfficeCli.Ok : BackOfficeCli.Failed;
        });
        return cmd;
    }

    // Plain text cells: markup would also turn the ":Bank:" of "BackOffice:Bank:InboxFolder" into an emoji, and cannot escape it.
    static IRenderable[] Plain(params string[] cells) => [.. cells.Select(c => new Text(c))];

    static string When(DateTimeOffset? t) => t is { } v ? v.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";

    static void Write(IAnsiConsole console, HealthReport r)
    {
        console.WriteLine($"Status: {r.Status}");
        console.WriteLine(r.Database.Reachable
            ? $"Database: {r.Database.Server}, schema version {r.Database.SchemaVersion}"
            : $"Database: {r.Database.Server} unreachable: {r.Database.Error}");
        if (r.Queues is { } q)
            console.WriteLine($"Queues: outbox {q.Outbox} (gave up {q.OutboxGaveUp}), outgoing mail {q.OutgoingMail}, review queue {q.ReviewQueue}, breaching tickets {q.BreachingTickets}");
        if (r.Integrations.Count > 0)
        {
            var t = new Table().AddColumns("Integration", "State", "Last success", "Last error", "Error");
            foreach (var i in r.Integrations)
                t.AddRow(Plain(i.Name, i.Configured ? (i.Failing ? "failing" : "on") : $"off (set {i.SwitchOn})",
                    When(i.LastSuccess), When(i.LastError), i.Error ?? ""));
            console.Write(t);
        }
        var jobs = new Table().AddColumns("Job", "Schedule", "Next", "Last run", "Outcome", "Run once with");
        foreach (var j in r.Jobs)
            jobs.AddRow(Plain(j.Name, j.On ? $"{j.Cron} ({j.TimeZone})" : $"off: {j.OffBecause}", When(j.NextFire),
                When(j.LastStarted), j.LastOutcome ?? (j.LastStarted is null ? "" : "running"), "backoffice " + j.Verb));
        console.Write(jobs);
    }
}
