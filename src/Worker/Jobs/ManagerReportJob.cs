using BackOffice.Reports.Debtors;
using BackOffice.Reports.Mailing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>BackOffice:Reports — when each manager gets his own debtors workbook by mail.</summary>
public sealed class ReportMailOptions
{
    public const string Section = "BackOffice:Reports";

    /// <summary>Quartz cron on Moscow time (seconds first); empty switches the mailing off. Default: Mondays at 08:00.</summary>
    public string MailCron { get; set; } = "0 0 8 ? * MON";

    public bool IsOn => !string.IsNullOrWhiteSpace(MailCron);
}

/// <summary>Queues each manager's debtors workbook as of today in outgoing_mail; a (manager, date) is queued once, so a
/// repeated firing or a second instance adds nothing.</summary>
[DisallowConcurrentExecution]
public sealed class ManagerReportJob(ManagerReportMailer mailer, JobTickets tickets, TimeProvider clock, ILogger<ManagerReportJob> log) : IJob
{
    public static readonly JobKey Key = new("manager-reports", "reports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (await tickets.TryClaimAsync(context, cancellationToken) is not { } run) return;
        try
        {
            var today = BusinessDate.Today(clock);
            var r = await mailer.QueueAsync(DebtorReport.ReportName, today, today, cancellationToken);
            ReportLog.Mailed(log, r.Queued, r.AlreadyQueued, r.NothingToSend, r.NoEmail);
            await tickets.FinishAsync(run, $"{r.Queued} queued, {r.AlreadyQueued} already queued, {r.NothingToSend} empty, {r.NoEmail} without email", cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            JobLog.JobFailed(log, Key.Name, e);
            await tickets.FinishAsync(run, "failed: " + e.Message, CancellationToken.None);
        }
    }
}

static partial class ReportLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Manager reports: {Queued} workbook(s) queued, {Already} already queued, {Empty} manager(s) with no debtors, {NoEmail} without an email address")]
    public static partial void Mailed(ILogger logger, int queued, int already, int empty, int noEmail);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Manager report mailing switched off: set BackOffice:Reports:MailCron to a Quartz cron (e.g. \"0 0 8 ? * MON\") to mail each manager his debtors")]
    public static partial void Off(ILogger logger);
}

/// <summary>Says once at start that the mailing is off, and how to switch it on (SPEC §6).</summary>
sealed class ReportMailNotice(IOptions<ReportMailOptions> options, ILogger<ManagerReportJob> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsOn) ReportLog.Off(log);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
