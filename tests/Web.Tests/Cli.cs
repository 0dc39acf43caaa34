using System.Diagnostics;
using BackOffice.Worker.Cli;

namespace BackOffice.Web.Tests;

/// <summary>The `backoffice` command line: in this process, or as a process of its own when standard input matters.</summary>
public sealed record Cli(int ExitCode, string Out, string Err)
{
    public static async Task<Cli> RunAsync(IReadOnlyDictionary<string, string?> config, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BackOfficeCli.RunAsync(args, stdout, stderr, config);
        return new Cli(code, stdout.ToString(), stderr.ToString());
    }

    public static async Task<Cli> ProcessAsync(string connectionString, string stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "backoffice.dll"), .. args, "--content-root", AppContext.BaseDirectory])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ConnectionStrings__BackOffice"] = connectionString;
        using var p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new Cli(p.ExitCode, await output, await error);
    }

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- err\n{Err}";
}
