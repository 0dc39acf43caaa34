using BackOffice.Sync.Accounting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>Relays the ledger's outbox to 1C. Items are claimed with SKIP LOCKED and leased, so a run that dies leaves them to the next.</summary>
public sealed class AccountingRelayJob(OutboxRelay relay, WorkerMetrics metrics, JobProgress progress) : IBackOfficeJob
{
    public static readonly JobKey Key = new("onec-relay", "accounting");

    public async Task<JobOutcome> RunOnceAsync(CancellationToken ct)
    {
        var r = await relay.RunOnceAsync(ct, progress.Step("outbox items"));
        metrics.OneCItems(r);
        var summary = $"{r.Claimed} claimed, {r.Created} created, {r.Adopted} adopted, {r.Updated} updated, {r.Unchanged} unchanged, " +
                      $"{r.Waiting} waiting, {r.Failed} failed, {r.GaveUp} gave up";
        return r.Halted is { } halted ? JobOutcome.Failure($"{halted} ({summary})") : new JobOutcome(summary);
    }
}

/// <summary>Says once at start that the 1C mirror is off, and what to set (the rest of the service runs).</summary>
sealed class AccountingNotice(IOptions<AccountingOptions> options, ILogger<AccountingRelayJob> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) AccountingLog.Off(log);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
