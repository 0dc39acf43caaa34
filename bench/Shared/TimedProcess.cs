using System.Diagnostics;
using System.Globalization;

namespace BackOffice.Bench;

/// <summary>
/// A program run as a whole process under /usr/bin/time: wall and CPU (user + system) seconds and peak memory, start-up
/// included — what an operator waits for, not only the library beneath it.
/// </summary>
internal static class TimedProcess
{
    /// <param name="keepOutput">Capture standard output (else it goes to /dev/null, so writing a terminal costs nothing).</param>
    public static Sample Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, bool keepOutput = false)
    {
        var report = Path.GetTempFileName();
        var output = keepOutput ? Path.GetTempFileName() : "/dev/null";
        try
        {
            var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true };
            foreach (var a in (string[])["-f", "%e %U %S %M", "-o", report, "sh", "-c", "exec \"$@\" >\"$0\"", output, program, .. args])
                start.ArgumentList.Add(a);
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
                start.Environment[name] = value;
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var figures = File.ReadAllLines(report).Last().Split(' ');
            return new Sample(double.Parse(figures[0], CultureInfo.InvariantCulture),
                double.Parse(figures[1], CultureInfo.InvariantCulture) + double.Parse(figures[2], CultureInfo.InvariantCulture),
                long.Parse(figures[3], CultureInfo.InvariantCulture) / 1024.0, process.ExitCode,
                keepOutput ? File.ReadAllText(output) : "", errors.Trim());
        }
        finally
        {
            File.Delete(report);
            if (keepOutput)
                File.Delete(output);
        }
    }

    /// <param name="CpuSeconds">User + system: on a shared machine a steadier figure than the wall clock.</param>
    internal sealed record Sample(double Seconds, double CpuSeconds, double PeakMiB, int Exit, string Output, string Errors);
}
