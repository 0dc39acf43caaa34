using BackOffice.Tickets;
using BackOffice.Tickets.Intake;
using BackOffice.Tickets.Outgoing;
using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Sla;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>Reads the support mailbox into tickets (BackOffice:Mail:FetchCron).</summary>
[DisallowConcurrentExecution]
public sealed class MailFetchJob(MailPolling polling, JobTickets tickets) : IJob
{
    public static readonly JobKey Key = new("mail-fetch", "tickets");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (await tickets.TryClaimAsync(context, cancellationToken) is not { } run) return;
        var summary = await polling.RunAsync(cancellationToken);
        await tickets.FinishAsync(run, summary is null ? "failed (see the log); retried at the next run" : $"{summary.Taken} taken, {summary.Duplicates} duplicates",
            CancellationToken.None);
    }
}

/// <summary>
/// Queues the PDF of each newly published invoice (<see cref="BackOffice.Ledger.Documents.InvoiceMailer"/>), then sends the
/// outgoing queue over SMTP (BackOffice:Mail:SmtpCron); a server that is down is logged, the queue waits.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MailSendJob(MailSender sender, BackOffice.Ledger.Documents.InvoiceMailer invoices, ILogger<MailSendJob> log) : IJob
{
    public static readonly JobKey Key = new("mail-send", "tickets");

    // Not claimed in job_runs: invoices and rows are claimed one by one, so two instances running it at once is harmless.
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await JobLog.AtBoundaryAsync(log, Key, async () =>
        {
            await invoices.QueueDueAsync(cancellationToken);
            await sender.SendPendingAsync(cancellationToken);
        });
}

/// <summary>The desk's minute: paid upgrades become internal tickets; the SLA clock marks near-breaches and breaches and notifies (BackOffice:Sla:WatchCron).</summary>
[DisallowConcurrentExecution]
public sealed class DeskTickJob(UpgradeTickets upgrades, SlaWatch watch, ILogger<DeskTickJob> log) : IJob
{
    public static readonly JobKey Key = new("desk-tick", "tickets");

    // Not claimed in job_runs: both parts claim their rows (SKIP LOCKED) and mark them once.
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await JobLog.AtBoundaryAsync(log, Key, async () =>
        {
            await upgrades.ProcessAsync(cancellationToken);
            await watch.RunAsync(cancellationToken);
        });
}

/// <summary>Says once at start what of mail is off, and how to switch it on (SPEC §6).</summary>
sealed class MailNotice(IOptions<MailOptions> options, ILogger<MailFetchJob> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IntakeEnabled) IntakeLog.Off(log);
        if (!options.Value.SmtpEnabled) SenderLog.Off(log);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
