using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>
/// How far long work has got, for the operator and never in the data: a bar when the error stream is a terminal, otherwise
/// plain lines on it (one per tenth of a step, or per <see cref="UnknownTotalStep"/> items when the total is not known).
/// Standard output stays exactly the verb's output, table or --json, whether it is a terminal or a pipe.
/// Feature code reports through IProgress: (Done, Total) for one step, (Step, Done, Total) for work in steps; Total 0 = not known.
/// </summary>
static class CliProgress
{
    public const int UnknownTotalStep = 1000;

    /// <summary>Below this many items a step prints no plain lines: it is over before anyone reads them.</summary>
    public const int PlainLinesFrom = 100;

    public static Task<T> RunAsync<T>(BackOfficeCli cli, string title, Func<IProgress<(int Done, int Total)>, Task<T>> work) =>
        RunStepsAsync(cli, title, steps => work(new Reporter<(int Done, int Total)>(p => steps.Report((title, p.Done, p.Total)))));

    public static async Task<T> RunStepsAsync<T>(BackOfficeCli cli, string title, Func<IProgress<(string Step, int Done, int Total)>, Task<T>> work)
    {
        if (cli.Err != Console.Error || Console.IsErrorRedirected)
            return await work(new PlainLines(cli.Err, title));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx => await work(new Bars(ctx)));
    }

    /// <summary>One bar per step; a step without a total spins and shows its count.</summary>
    sealed class Bars(ProgressContext ctx) : IProgress<(string Step, int Done, int Total)>
    {
        readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);

        public void Report((string Step, int Done, int Total) p)
        {
            lock (tasks)
            {
                if (!tasks.TryGetValue(p.Step, out var task))
                    tasks[p.Step] = task = ctx.AddTask(Markup.Escape(p.Step), maxValue: Math.Max(1, p.Total));
                if (p.Total > 0)
                {
                    task.IsIndeterminate = false;
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                }
                else
                {
                    task.IsIndeterminate = true;
                    task.Description = Markup.Escape($"{p.Step}: {p.Done}");
                }
            }
        }
    }

    sealed class PlainLines(TextWriter err, string title) : IProgress<(string Step, int Done, int Total)>
    {
        readonly Dictionary<string, int> printed = new(StringComparer.Ordinal);

        public void Report((string Step, int Done, int Total) p)
        {
            // A tenth of the step, or a whole number of UnknownTotalStep items: a line each time that mark moves.
            var mark = p.Total > 0
                ? p.Total < PlainLinesFrom ? -1 : (int)((long)p.Done * 10 / p.Total)
                : p.Done / UnknownTotalStep;
            lock (printed)
            {
                if (mark <= 0 || printed.TryGetValue(p.Step, out var last) && last >= mark) return;
                printed[p.Step] = mark;
                var step = p.Step == title ? title : $"{title}: {p.Step}";
                err.WriteLine(p.Total > 0 ? $"{step}: {p.Done}/{p.Total}" : $"{step}: {p.Done}");
            }
        }
    }

    /// <summary>Reports at once on the reporting thread (Progress&lt;T&gt; would post them, out of order, after the work ended).</summary>
    internal sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
