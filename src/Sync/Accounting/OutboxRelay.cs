using System.Collections.Concurrent;
using BackOffice.Ledger.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Sync.Accounting;

/// <summary>What one relay run did (<c>backoffice sync run --json</c>).</summary>
public sealed record RelayReport(int Claimed, int Created, int Adopted, int Updated, int Unchanged, int SalesDocuments, int SalesMarked,
    int Waiting, int Failed, int GaveUp, string? Halted);

/// <summary>
/// Pushes ledger changes to 1C (SPEC §2): claims the oldest open outbox item of each invoice, brings 1C's document to
/// the invoice's current state outside any transaction, then records the Ref_Key and closes the items. Up to
/// BackOffice:Accounting:Concurrency invoices at once. A failing invoice backs off alone; a wrong setting (401, a login
/// page, an unpublished entity set) stops the run at the first answer instead of repeating it for every invoice.
/// </summary>
public sealed class OutboxRelay(NpgsqlDataSource db, OneCClient client, IOptions<AccountingOptions> options, TimeProvider clock,
    ILogger<OutboxRelay> log)
{
    /// <param name="progress">Items of this run done, of those claimed.</param>
    public async Task<RelayReport> RunOnceAsync(CancellationToken ct = default, IProgress<(int Done, int Total)>? progress = null)
    {
        var o = options.Value;
        if (!o.Enabled)
            throw new ConfigurationProblem($"{AccountingOptions.Section}:BaseUrl",
                "is empty, so the 1C mirror is off: set it to the publication's …/odata/standard.odata/ address (with User and Password).");
        var queue = new RelayQueue(db, TimeSpan.FromSeconds(o.LeaseSeconds));
        var problems = new ProblemBook(db);
        var directory = new OneCDirectory(client, o);
        var mirror = new InvoiceMirror(client, o, DocumentNumberFormat.Parse(o.NumberPattern), directory);
        var items = await queue.ClaimAsync(Now, o.BatchSize, ct);
        progress?.Report((0, items.Count));
        var done = 0;

        var counts = new ConcurrentDictionary<string, int>();
        var started = new ConcurrentDictionary<long, bool>();
        var finished = new ConcurrentDictionary<long, bool>();
        string? halted = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = stop.Token },
                async (item, _) =>
                {
                    started[item.Id] = true;
                    var result = await OneAsync(item, mirror, queue, problems, o, ct);
                    finished[item.Id] = true;
                    progress?.Report((Interlocked.Increment(ref done), items.Count));
                    counts.AddOrUpdate(result.Count, 1, (_, n) => n + 1);
                    if (result.Halt is { } message)
                    {
                        Interlocked.CompareExchange(ref halted, message, null);
                        await stop.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped (the service is shutting down): what is not done goes back to the queue now, no attempt counted.
            await queue.ReleaseAsync(items.Where(i => !finished.ContainsKey(i.Id)), null, CancellationToken.None);
            throw;
        }
        var untouched = items.Where(i => !started.ContainsKey(i.Id)).ToList();
        if (untouched.Count > 0) await queue.ReleaseAsync(untouched, null, CancellationToken.None);

        int C(string k) => counts.GetValueOrDefault(k);
        if (halted is null && C("created") + C("adopted") + C("updated") + C("unchanged") > 0)
            await problems.ResolveSettingAsync(Now, ct);
        var report = new RelayReport(items.Count, C("created"), C("adopted"), C("updated"), C("unchanged"), C("sales"), C("sales_marked"), C("waiting"),
            C("failed"), C("gave_up"), halted);
        if (halted is not null) AccountingLog.Halted(log, halted);
        if (items.Count > 0)
            AccountingLog.Run(log, report.Claimed, report.Created, report.Adopted, report.Updated, report.Unchanged, report.Waiting, report.Failed, report.GaveUp);
        return report;
    }

    sealed record ItemResult(string Count, string? Halt = null);

    async Task<ItemResult> OneAsync(ClaimedItem item, InvoiceMirror mirror, RelayQueue queue, ProblemBook problems, AccountingOptions o,
        CancellationToken ct)
    {
        if (!item.Kind.StartsWith("invoice.", StringComparison.Ordinal))
        {
            // credit.refunded and the like: money that moved without an invoice has no 1C document here (SPEC §2 mirrors
            // invoices; the accountants' bank statements carry the money). Closed alone: its aggregate is not an invoice.
            await queue.CloseAsync(item, Now, ct);
            return new ItemResult("unchanged");
        }
        var snapshot = await InvoiceSnapshot.LoadAsync(db, item.InvoiceId, ct);
        if (snapshot is null)
        {
            await queue.CompleteAsync(item, null, item.Id, Now, ct);
            return new ItemResult("unchanged");
        }
        try
        {
            var outcome = await mirror.SyncAsync(snapshot, ct);
            await queue.CompleteAsync(item, outcome.Mirrored, snapshot.LastEventId, Now, ct);
            await problems.ResolveClientAsync(snapshot.Head.ClientId, Now, ct);
            return new ItemResult(outcome.SalesAction switch
            {
                "created" => "sales",
                "marked for deletion" => "sales_marked",
                _ => outcome.Action == "nothing" ? "unchanged" : outcome.Action,
            });
        }
        catch (ContractorProblem p)
        {
            await problems.OpenForClientAsync(snapshot.Head.ClientId, p.Problem, Now, ct);
            await queue.ReleaseAsync([item], p.Problem.Message, ct);
            return new ItemResult("waiting");
        }
        catch (MirrorRefused r)
        {
            await queue.FailAsync(item, r.Message, Now, o.MaxAttempts, Delay(o), giveUpNow: true, ct);
            AccountingLog.GaveUp(log, item.InvoiceId, r.Message);
            return new ItemResult("gave_up");
        }
        catch (OneCException e) when (e.Kind == OneCFailureKind.Configuration)
        {
            await problems.OpenSettingAsync(e.Message, Now, ct);
            await queue.ReleaseAsync([item], e.Message, ct);
            return new ItemResult("failed", e.Message);
        }
        catch (OneCException e)
        {
            // A refusal (4xx) will not change by asking again; 1C down or erring will.
            var gaveUp = await queue.FailAsync(item, e.Message, Now, o.MaxAttempts, Delay(o), giveUpNow: e.Kind != OneCFailureKind.Unavailable, ct);
            if (gaveUp) AccountingLog.GaveUp(log, item.InvoiceId, e.Message);
            else AccountingLog.Failed(log, item.InvoiceId, e.Message);
            return new ItemResult(gaveUp ? "gave_up" : "failed");
        }
    }

    static TimeSpan Delay(AccountingOptions o) => TimeSpan.FromSeconds(o.RetryDelaySeconds);

    DateTime Now => clock.GetUtcNow().UtcDateTime;
}
