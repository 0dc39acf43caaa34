using BackOffice.Sync.Bank;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>BackOffice:Bank — the folder treasury drops statements into.</summary>
public sealed class BankInboxOptions
{
    public const string Section = "BackOffice:Bank";

    /// <summary>Empty: the inbox is off. A relative path is taken from the content root.</summary>
    public string InboxFolder { get; set; } = "";

    public string ResolveFolder(IHostEnvironment env) => Path.GetFullPath(InboxFolder, env.ContentRootPath);
}

/// <summary>
/// Imports every settled file of the inbox folder; each file is one transaction, moved to processed/ or rejected/. One
/// instance runs it at a time (the cluster fires it once, [DisallowConcurrentExecution]); a file whose import was cut
/// short stays in the folder and its documents, unique by bank key, are counted as duplicates when it is read again.
/// </summary>
public sealed class BankInboxJob(BankInbox inbox, IOptions<BankInboxOptions> options, IHostEnvironment env, WorkerMetrics metrics,
    JobProgress progress, ILogger<BankInboxJob> log) : IBackOfficeJob
{
    public static readonly JobKey Key = new("bank-inbox", "treasury");

    public async Task<JobOutcome> RunOnceAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Value.InboxFolder))
            throw new BackOffice.Ledger.Database.ConfigurationProblem($"{BankInboxOptions.Section}:InboxFolder", "is empty: the bank inbox is off.");
        var folder = options.Value.ResolveFolder(env);
        Directory.CreateDirectory(folder);
        var outcomes = await inbox.ImportFolderAsync(folder, "bank-inbox", ct, progress: progress.Steps);
        foreach (var o in outcomes)
        {
            metrics.Statement(o.Summary is not null);
            if (o.Summary is { } s) InboxLog.Imported(log, o.FileName, s.DocumentsRead, s.Matched, s.ToReview, s.Duplicates);
            else InboxLog.Rejected(log, o.FileName, o.Error ?? "");
        }
        return new JobOutcome($"{outcomes.Count(o => o.Summary is not null)} file(s) imported, {outcomes.Count(o => o.Summary is null)} rejected");
    }
}

static partial class InboxLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Bank statement {File} imported: {Documents} document(s), {Matched} matched, {Review} to review, {Duplicates} duplicate(s)")]
    public static partial void Imported(ILogger logger, string file, int documents, int matched, int review, int duplicates);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Bank statement {File} rejected: {Error}")]
    public static partial void Rejected(ILogger logger, string file, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Bank inbox switched off: set BackOffice:Bank:InboxFolder to a folder and statements dropped there are imported")]
    public static partial void Off(ILogger logger);
}

/// <summary>Says once at start that the inbox is off, and how to switch it on (SPEC §6).</summary>
sealed class BankInboxNotice(IOptions<BankInboxOptions> options, ILogger<BankInboxJob> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.InboxFolder)) InboxLog.Off(log);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
