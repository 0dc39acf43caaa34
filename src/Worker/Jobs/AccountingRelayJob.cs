using BackOffice.Sync.Accounting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>
/// Relays the ledger's outbox to 1C every RelayCron tick. Concurrent instances are safe (items are claimed with
/// SKIP LOCKED and leased), so no job ticket is needed; [DisallowConcurrentExecution] keeps one run per instance.
/// </summary>
[DisallowConcurrentExecution]
public sealed class AccountingRelayJob(OutboxRelay relay, ILogger<AccountingRelayJob> log) : IJob
{
    public static readonly JobKey Key = new("onec-relay", "accounting");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await JobLog.AtBoundaryAsync(log, Key, () => relay.RunOnceAsync(cancellationToken));
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
