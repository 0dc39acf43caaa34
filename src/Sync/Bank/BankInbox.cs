namespace BackOffice.Sync.Bank;

/// <summary>What became of one file of the inbox folder (or, in a dry run, would have: the file stays where it is).</summary>
public sealed record InboxOutcome(string FileName, ImportSummary? Summary, string? Error)
{
    public bool DryRun { get; init; }
}

/// <summary>
/// The inbox folder (issue 5): each file is imported on its own and moved to processed/, or to rejected/ with a
/// .error.txt beside it naming the line. One file never stops the others, whatever its error (issue 8). A file still being written is not touched: only files older than a moment are taken.
/// </summary>
public sealed class BankInbox(BankImport import, TimeProvider clock)
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>A dry run imports each file in a transaction that is rolled back and leaves the folder as it was: no file moved, no folder made.</summary>
    /// <param name="progress">Each file is a step: its documents read so far.</param>
    public async Task<IReadOnlyList<InboxOutcome>> ImportFolderAsync(string folder, string by, CancellationToken ct = default, bool dryRun = false,
        IProgress<(string Step, int Done, int Total)>? progress = null)
    {
        var processed = Path.Combine(folder, "processed");
        var rejected = Path.Combine(folder, "rejected");
        if (!dryRun)
        {
            Directory.CreateDirectory(processed);
            Directory.CreateDirectory(rejected);
        }
        var outcomes = new List<InboxOutcome>();
        var ready = clock.GetUtcNow().UtcDateTime - Settle;
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).ToList())
        {
            ct.ThrowIfCancellationRequested();
            if (File.GetLastWriteTimeUtc(path) > ready)
                continue;
            var name = Path.GetFileName(path);
            try
            {
                var summary = await import.ImportFileAsync(path, by, ct, dryRun,
                    progress is null ? null : new FileProgress(progress, name));
                if (!dryRun) File.Move(path, Unused(processed, name));
                outcomes.Add(new InboxOutcome(name, summary, null) { DryRun = dryRun });
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Whatever went wrong (the file, a constraint, the configuration) stays with that file; the next ones are imported.
                var error = e is StatementRejected ? e.Message : $"{e.GetType().Name}: {e.Message}";
                if (!dryRun)
                {
                    var target = Unused(rejected, name);
                    File.Move(path, target);
                    await File.WriteAllTextAsync(target + ".error.txt", error + Environment.NewLine, ct);
                }
                outcomes.Add(new InboxOutcome(name, null, error) { DryRun = dryRun });
            }
        }

        return outcomes;
    }

    sealed class FileProgress(IProgress<(string Step, int Done, int Total)> progress, string name) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => progress.Report((name, value.Done, value.Total));
    }

    /// <summary>A second file of the same name does not overwrite the first: "a.txt" → "a (2).txt".</summary>
    static string Unused(string folder, string name)
    {
        var target = Path.Combine(folder, name);
        for (var n = 2; File.Exists(target); n++)
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)} ({n}){Path.GetExtension(name)}");
        return target;
    }
}
