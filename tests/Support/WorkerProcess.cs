using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace BackOffice.Tests.Support;

/// <summary>
/// A real `backoffice run` process from the test's own build (the test project references the Worker, so backoffice.dll
/// is beside it), on the test's database, with settings as environment variables.
/// </summary>
public static class WorkerProcess
{
    public static Process Start(string connectionString, IReadOnlyDictionary<string, string> settings, ConcurrentQueue<string>? output = null,
        params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "backoffice.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "run", "--content-root", AppContext.BaseDirectory, .. arguments])
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
        p.OutputDataReceived += (_, e) => { if (e.Data is { } line) output?.Enqueue(line); };
        p.BeginOutputReadLine();
        return p;
    }

    /// <summary>
    /// Waits until the process's web answers 200 at <paramref name="url"/> (its sign-in page), for at most three minutes (a
    /// loaded machine starts a process slowly); throws with what it printed if it exits first or never answers.
    /// </summary>
    public static async Task WaitUntilServingAsync(Process process, string url, IEnumerable<string> output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(180);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"backoffice run exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}\n{string.Join('\n', output)}");
            try
            {
                using var r = await http.GetAsync(url);
                if (r.IsSuccessStatusCode) return;
                last = $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(300);
        }
        throw new TimeoutException($"backoffice run did not serve {url} in time (last: {last[..Math.Min(last.Length, 2000)]}):\n" + string.Join('\n', output));
    }

    /// <summary>The instance name the process gives itself in the cluster and in job_runs.</summary>
    public static string InstanceOf(Process p) => $"{Environment.MachineName}-{p.Id}";

    /// <summary>What systemd sends on `systemctl stop` (Process.Kill sends SIGKILL).</summary>
    public static void Terminate(Process p)
    {
        if (Kill(p.Id, 15) != 0) throw new InvalidOperationException($"kill -TERM {p.Id} failed");
    }

    public static async Task StopAllAsync(IEnumerable<Process> processes)
    {
        foreach (var p in processes)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    /// <summary>A loopback port nobody listens on now (for the health endpoint or the web pages of a process to start).</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [DllImport("libc", EntryPoint = "kill")]
    static extern int Kill(int pid, int signal);
}
