using System.CommandLine;
using BackOffice.Worker.Hosting;
using Microsoft.Extensions.Hosting;

namespace BackOffice.Worker.Cli;

static class RunVerb
{
    public static Command Build(BackOfficeCli cli)
    {
        var run = new Command("run", "Run the service: migrate, then schedule the jobs until stopped (Windows service, systemd unit or foreground).");
        run.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost(parse, asService: true);
            BackOfficeHost.Validate(host);
            await host.RunAsync(ct);
            return BackOfficeCli.Ok;
        });
        return run;
    }
}
