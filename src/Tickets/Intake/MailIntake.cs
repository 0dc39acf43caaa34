using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Tickets.Intake;

public sealed record FetchSummary(int Seen, int Taken, int Duplicates, int Moved, IReadOnlyList<TakeResult> Results);

/// <summary>
/// Reads the support mailbox over IMAP: each message is taken (committed with its ticket) and only then moved to the
/// Processed folder. UIDs at or below the stored checkpoint of the same UIDVALIDITY were committed before a crash or a
/// dropped connection and are only moved; anything else that was taken before is recognised by its identity.
/// </summary>
public sealed class MailIntake(NpgsqlDataSource db, IOptions<MailOptions> options, MessageTaker taker, ILogger<MailIntake> log)
{
    MailOptions O => options.Value;

    /// <summary>Test seam: runs after each message's commit, before its move (a test drops the connection here).</summary>
    internal Func<int, ImapClient, Task>? AfterCommit { get; set; }

    public string MailboxKey => $"{O.ImapUser}@{O.ImapHost}:{O.ImapPort}/{O.InboxFolder}";

    public async Task<FetchSummary> FetchAsync(CancellationToken ct)
    {
        if (!O.IntakeEnabled) throw new InvalidOperationException($"Mail intake is off: set {MailOptions.Section}:ImapHost.");
        // One reader per mailbox across instances and the command line (FreeScout's cron + manual fetch race, #3186).
        await using var lockConn = await db.OpenConnectionAsync(ct);
        if (!await lockConn.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(hashtext('mail-intake:' || @MailboxKey))",
                new { MailboxKey }, cancellationToken: ct)))
        {
            IntakeLog.Busy(log, MailboxKey);
            return new FetchSummary(0, 0, 0, 0, []);
        }
        try
        {
            return await FetchLockedAsync(ct);
        }
        finally
        {
            // A session lock outlives the pooled connection's return to the pool: let it go explicitly.
            await lockConn.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(hashtext('mail-intake:' || @MailboxKey))",
                new { MailboxKey }, cancellationToken: CancellationToken.None));
        }
    }

    async Task<FetchSummary> FetchLockedAsync(CancellationToken ct)
    {
        using var imap = new ImapClient { Timeout = 60_000 };
        await imap.ConnectAsync(O.ImapHost, O.ImapPort, MailOptions.Security(O.ImapSecurity), ct);
        await imap.AuthenticateAsync(O.ImapUser, O.ImapPassword, ct);
        var inbox = string.Equals(O.InboxFolder, "INBOX", StringComparison.OrdinalIgnoreCase) ? imap.Inbox : await imap.GetFolderAsync(O.InboxFolder, ct);
        var processed = await ProcessedFolderAsync(imap, ct);
        await inbox.OpenAsync(FolderAccess.ReadWrite, ct);

        var (validity, lastUid) = await CheckpointAsync(ct);
        var uids = (await inbox.SearchAsync(SearchQuery.All, ct)).OrderBy(u => u.Id).Take(O.BatchSize).ToList();
        int taken = 0, duplicates = 0, moved = 0, index = 0;
        var results = new List<TakeResult>();
        var committed = new List<UniqueId>();
        async Task MoveCommittedAsync()
        {
            if (committed.Count == 0) return;
            await inbox.MoveToAsync(committed, processed, ct);
            moved += committed.Count;
            committed.Clear();
        }
        foreach (var uid in uids)
        {
            ct.ThrowIfCancellationRequested();
            if (validity == inbox.UidValidity && uid.Id <= lastUid)
            {
                IntakeLog.AlreadyTaken(log, uid.Id);
            }
            else
            {
                byte[] raw;
                await using (var stream = await inbox.GetStreamAsync(uid, ct))
                {
                    var ms = new MemoryStream();
                    await stream.CopyToAsync(ms, ct);
                    raw = ms.ToArray();
                }
                var result = await taker.TakeAsync(new IncomingMail(MailboxKey, inbox.UidValidity, uid.Id, raw), ct);
                results.Add(result);
                if (result.Outcome == TakeOutcome.Duplicate) duplicates++;
                else taken++;
                IntakeLog.Taken(log, uid.Id, result.Outcome.ToString(), result.TicketNumber);
                if (AfterCommit is { } hook) await hook(++index, imap);
            }
            // Moved in groups, always after their commits: a crash in between leaves them to the checkpoint.
            committed.Add(uid);
            if (committed.Count >= 50) await MoveCommittedAsync();
        }
        await MoveCommittedAsync();
        await imap.DisconnectAsync(true, ct);
        return new FetchSummary(uids.Count, taken, duplicates, moved, results);
    }

    async Task<IMailFolder> ProcessedFolderAsync(ImapClient imap, CancellationToken ct)
    {
        try
        {
            return await imap.GetFolderAsync(O.ProcessedFolder, ct);
        }
        catch (FolderNotFoundException)
        {
            var root = imap.GetFolder(imap.PersonalNamespaces[0]);
            return await root.CreateAsync(O.ProcessedFolder, true, ct) ?? throw new InvalidOperationException($"the folder {O.ProcessedFolder} could not be made");
        }
    }

    async Task<(long Validity, long LastUid)> CheckpointAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(long, long)?>(new CommandDefinition(
            "select uid_validity, last_uid from mail_checkpoints where mailbox = @MailboxKey", new { MailboxKey }, cancellationToken: ct));
        return row ?? (-1, -1);
    }
}

public static partial class IntakeLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Mail UID {Uid} taken: {Outcome}, ticket {TicketNumber}")]
    public static partial void Taken(ILogger logger, uint uid, string outcome, int? ticketNumber);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Mail UID {Uid} was committed before the last interruption: only moved to Processed")]
    public static partial void AlreadyTaken(ILogger logger, uint uid);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Mail intake switched off: set BackOffice:Mail:ImapHost (and ImapUser, ImapPassword, Address) to read the support mailbox")]
    public static partial void Off(ILogger logger);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Mailbox {Mailbox} is being read by another instance: this run skips it")]
    public static partial void Busy(ILogger logger, string mailbox);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Mail intake failed, retried at the next run: {Error}")]
    public static partial void Failed(ILogger logger, string error, Exception exception);
}
