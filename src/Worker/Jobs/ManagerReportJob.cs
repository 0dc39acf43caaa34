using BackOffice.Reports.Debtors;
using BackOffice.Reports.Mailing;
using Microsoft.Extensions.Logging;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>Queues each manager's debtors workbook as of today in outgoing_mail; a (manager, date) is queued once, so a
/// repeated firing or a second instance adds nothing.</summary>
public sealed class ManagerReportJob(ManagerReportMailer mailer, TimeProvider clock, ILogger<ManagerReportJob> log) : IBackOfficeJob
{
    public static readonly JobKey Key = new("manager-reports", "reports");

    public async Task<JobOutcome> RunOnceAsync(CancellationToken ct)
    {
        var today = BusinessDate.Today(clock);
        var r = await mailer.QueueAsync(DebtorReport.ReportName, today, today, ct);
        ReportLog.Mailed(log, r.Queued, r.AlreadyQueued, r.NothingToSend, r.NoEmail);
        return new JobOutcome($"{r.Queued} queued, {r.AlreadyQueued} already queued, {r.NothingToSend} empty, {r.NoEmail} without email");
    }
}

static partial class ReportLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Manager reports: {Queued} workbook(s) queued, {Already} already queued, {Empty} manager(s) with no debtors, {NoEmail} without an email address")]
    public static partial void Mailed(ILogger logger, int queued, int already, int empty, int noEmail);
}
