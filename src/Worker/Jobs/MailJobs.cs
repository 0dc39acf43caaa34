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

/// <summary>Reads the support mailbox into tickets; one reader per mailbox (an advisory lock in the intake).</summary>
public sealed class MailFetchJob(MailPolling polling, WorkerMetrics metrics) : IBackOfficeJob
{
    public static readonly JobKey Key = new("mail-fetch", "tickets");

    public async Task<JobOutcome> RunOnceAsync(CancellationToken ct)
    {
        var summary = await polling.RunAsync(ct);
        if (summary is null) return JobOutcome.Failure("the mailbox could not be read (see the log); retried at the next run");
        metrics.MailTaken(summary.Taken);
        return new JobOutcome($"{summary.Taken} taken, {summary.Duplicates} duplicates");
    }
}

/// <summary>Queues the PDF of each newly published invoice (InvoiceMailer), then sends the outgoing queue over SMTP; rows are claimed one by one (SKIP LOCKED and a lease), a server that is down is logged, the queue waits.</summary>
public sealed class MailSendJob(MailSender sender, BackOffice.Ledger.Documents.InvoiceMailer invoices, WorkerMetrics metrics) : IBackOfficeJob
{
    public static readonly JobKey Key = new("mail-send", "tickets");

    public async Task<JobOutcome> RunOnceAsync(CancellationToken ct)
    {
        await invoices.QueueDueAsync(ct);
        var s = await sender.SendPendingAsync(ct);
        metrics.MailSent(s.Sent, s.Failed);
        var summary = $"{s.Claimed} claimed, {s.Sent} sent, {s.Failed} left for a retry";
        return s.Failed > 0 && s.Sent == 0 ? JobOutcome.Failure(summary) : new JobOutcome(summary);
    }
}

/// <summary>The desk's minute: paid upgrades become internal tickets; the SLA clock marks near-breaches and breaches and notifies.</summary>
public sealed class DeskTickJob(UpgradeTickets upgrades, SlaWatch watch) : IBackOfficeJob
{
    public static readonly JobKey Key = new("desk-tick", "tickets");

    // Both parts claim their rows (SKIP LOCKED) and mark them once.
    public async Task<JobOutcome> RunOnceAsync(CancellationToken ct)
    {
        var upgraded = await upgrades.ProcessAsync(ct);
        var sla = await watch.RunAsync(ct);
        return new JobOutcome($"{upgraded.Count} upgrade ticket(s), {sla.Warned.Count} warned, {sla.Breached.Count} breached");
    }
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
