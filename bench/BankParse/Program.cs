using System.Diagnostics;
using System.Text;
using BackOffice.Bench;
using BackOffice.Bench.BankParse;
using BackOffice.Sync.Bank;

// Parsing speed against the floor (reading and decoding the same bytes into lines), and memory at two file sizes;
// then `backoffice bank parse` timed as a whole process (table and --json) beside a process that only reads the lines.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
if (args is ["--read-lines", var linesOf])
{
    // The process floor: start the runtime, read and decode the file's lines, exit.
    Console.WriteLine(StatementBench.ReadLines(linesOf));
    return;
}

if (args is ["--write", var count, var target])
{
    // A statement to time by hand (e.g. with farm-bench): --write 100000 /tmp/statement.txt
    StatementGenerator.Write(target, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
var folder = Directory.CreateTempSubdirectory("bank-bench-");
try
{
    Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
    var warmUp = Path.Combine(folder.FullName, "warmup.txt");
    StatementGenerator.Write(warmUp, 5_000);
    for (var i = 0; i < 6; i++)
    {
        // Let tiered compilation settle before anything is timed.
        StatementBench.ReadLines(warmUp);
        Parse(warmUp);
    }

    foreach (var documents in sizes)
    {
        var path = Path.Combine(folder.FullName, $"statement-{documents}.txt");
        var (bytes, _, _) = StatementGenerator.Write(path, documents);
        GC.Collect();
        var floor = StatementBench.Best(() => StatementBench.ReadLines(path));
        var parse = StatementBench.Best(() => Parse(path));
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var run = Parse(path);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Console.WriteLine($"documents {documents}: file {bytes / 1024.0 / 1024.0:0.0} MiB cp1251, {StatementBench.ReadLines(path)} lines, parsed {run.Documents} documents");
        Console.WriteLine($"  floor (StreamReader.ReadLine): {floor.TotalSeconds:0.000} s = {documents / floor.TotalSeconds:N0} documents/s");
        Console.WriteLine($"  StatementParser:               {parse.TotalSeconds:0.000} s = {documents / parse.TotalSeconds:N0} documents/s");
        Console.WriteLine($"  parse / floor time ratio:      {parse.TotalSeconds / floor.TotalSeconds:0.00}");
        Console.WriteLine($"  balance check agrees:          {run.Agrees}");
        Console.WriteLine($"  GC allocated by one parse:     {allocated / 1024.0 / 1024.0:0.0} MiB ({allocated / (double)documents:N0} bytes/document)");
        Console.WriteLine($"  max managed heap during parse: {run.MaxHeap / 1024.0 / 1024.0:0.0} MiB");
        Console.WriteLine($"  peak working set so far:       {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0.0} MiB");
    }

    VerbProcess.Compare(folder.FullName, sizes);
}
finally
{
    folder.Delete(recursive: true);
}

static ParseRun Parse(string path)
{
    var documents = 0;
    long maxHeap = 0;
    BalanceTally? tally = null;
    foreach (var item in StatementParser.ReadFile(path))
    {
        switch (item)
        {
            case StatementHeader header:
                tally = new BalanceTally(header);
                break;
            case BalanceSection section:
                tally!.Add(section);
                break;
            case BankDocument document:
                tally!.Add(document);
                if (++documents % 1000 == 0)
                {
                    maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(forceFullCollection: false));
                }

                break;
        }
    }

    return new ParseRun(documents, maxHeap, tally!.Results().All(r => r.Agrees));
}

internal sealed record ParseRun(int Documents, long MaxHeap, bool Agrees);
