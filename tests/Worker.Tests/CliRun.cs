using BackOffice.Worker.Cli;

namespace BackOffice.Worker.Tests;

/// <summary>One in-process run of the `backoffice` command line, with what it printed.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public static async Task<CliRun> Of(IReadOnlyDictionary<string, string?> config, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BackOfficeCli.RunAsync(args, stdout, stderr, config);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- err\n{Err}";
}
