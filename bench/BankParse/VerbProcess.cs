using Sample = BackOffice.Bench.TimedProcess.Sample;

namespace BackOffice.Bench.BankParse;

/// <summary>
/// `backoffice bank parse FILE` (table and --json, output to /dev/null) as operators run it: a whole process, start-up
/// included, timed (wall and CPU, user + system) and its peak memory read by /usr/bin/time — beside this program reading
/// the same file's lines as a process. Issue 8 asks for both forms within 3× of that floor.
/// </summary>
internal static class VerbProcess
{
    public static void Compare(string folder, IReadOnlyList<int> sizes)
    {
        var verb = VerbBinary.Path();
        var self = Environment.ProcessPath!;
        var selfArgs = self.EndsWith("dotnet", StringComparison.Ordinal) ? new[] { typeof(VerbProcess).Assembly.Location } : [];
        Console.WriteLine($"whole processes (median of 3, each run alternated with the floor; /usr/bin/time): {verb}");
        foreach (var documents in sizes)
        {
            var path = Path.Combine(folder, $"verb-{documents}.txt");
            StatementGenerator.Write(path, documents);
            Run(verb, ["bank", "parse", path]); // warm the disk cache and the runtime's files
            var floor = new List<Sample>();
            var table = new List<Sample>();
            var json = new List<Sample>();
            for (var i = 0; i < 3; i++)
            {
                floor.Add(Run(self, [.. selfArgs, "--read-lines", path]));
                table.Add(Run(verb, ["bank", "parse", path]));
                json.Add(Run(verb, ["bank", "parse", path, "--json"]));
            }

            var f = Median(floor);
            Console.WriteLine($"documents {documents}:");
            Console.WriteLine($"  floor (a process reading the lines): {f.Seconds:0.000} s wall, {f.CpuSeconds:0.000} s CPU, peak {f.PeakMiB:0} MiB");
            foreach (var (name, runs) in new[] { ("bank parse (table)", table), ("bank parse --json", json) })
            {
                var m = Median(runs);
                Console.WriteLine($"  {name,-19}: {m.Seconds:0.000} s wall, {m.CpuSeconds:0.000} s CPU, peak {m.PeakMiB:0} MiB; " +
                    $"{m.Seconds / f.Seconds:0.00}× the floor's wall, {m.CpuSeconds / f.CpuSeconds:0.00}× its CPU (exit {m.Exit})");
            }

            File.Delete(path);
        }
    }

    static Sample Median(List<Sample> runs) => runs.OrderBy(r => r.Seconds).ElementAt(runs.Count / 2) with
    {
        CpuSeconds = runs.OrderBy(r => r.CpuSeconds).ElementAt(runs.Count / 2).CpuSeconds,
        PeakMiB = runs.OrderBy(r => r.PeakMiB).ElementAt(runs.Count / 2).PeakMiB,
    };

    static Sample Run(string program, string[] args)
    {
        var run = TimedProcess.Run(program, args);
        if (run.Exit != 0)
            Console.WriteLine($"  ! {Path.GetFileName(program)} {string.Join(' ', args.Skip(2))} exited {run.Exit}: {run.Errors}");
        return run;
    }
}
