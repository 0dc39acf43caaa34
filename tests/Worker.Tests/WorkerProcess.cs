using System.Diagnostics;

namespace BackOffice.Worker.Tests;

/// <summary>A real `backoffice run` process from the test's own build, on the test's database, with settings as environment variables.</summary>
static class WorkerProcess
{
    public static Process Start(string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "backoffice.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "run", "--content-root", AppContext.BaseDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ConnectionStrings__BackOffice"] = connectionString;
        psi.Environment["BackOffice__Scheduler__CheckinIntervalSeconds"] = "2";
        foreach (var (key, value) in settings) psi.Environment[key] = value;
        var p = Process.Start(psi)!;
        // Drain stdout so the child never blocks on a full pipe; stderr is read only once it has exited.
        p.OutputDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        return p;
    }
}
