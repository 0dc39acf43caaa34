using BackOffice.Ledger.Billing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>Issues renewal invoices once a day. Safe to re-run: a (service, period) is billed once by a unique index.</summary>
public sealed class RenewalJob(RenewalInvoicer invoicer, IOptions<BillingOptions> options, TimeProvider clock, JobProgress progress,
    ILogger<RenewalJob> log) : IBackOfficeJob
{
    public static readonly JobKey Key = new("renewals", "billing");

    public async Task<JobOutcome> RunOnceAsync(CancellationToken ct)
    {
        var r = await invoicer.RunAsync(BusinessDate.Today(clock), options.Value.RenewalDaysBefore, ct, progress.Step("renewal invoices"));
        JobLog.Renewals(log, r.Invoices, r.Lines, r.Problems.Count);
        foreach (var p in r.Problems) JobLog.RenewalProblem(log, p);
        return new JobOutcome($"{r.Invoices} invoices, {r.Lines} lines, {r.Problems.Count} problems");
    }
}

/// <summary>Runs the overdue steps once a day; each step is idempotent per invoice (dedupe keys, one late fee per invoice).</summary>
public sealed class OverdueJob(OverdueProcessor processor, TimeProvider clock, ILogger<OverdueJob> log) : IBackOfficeJob
{
    public static readonly JobKey Key = new("overdue", "billing");

    public async Task<JobOutcome> RunOnceAsync(CancellationToken ct)
    {
        var r = await processor.RunAsync(BusinessDate.Today(clock), ct);
        JobLog.Overdue(log, r.Reminders, r.Notices, r.LateFees, r.Suspended, r.Terminated);
        foreach (var p in r.Problems) JobLog.OverdueProblem(log, p);
        return new JobOutcome($"{r.Reminders} reminders, {r.Notices} notices, {r.LateFees} late fees, {r.Suspended} suspended, {r.Terminated} terminated" +
                              (r.Problems.Count > 0 ? $", {r.Problems.Count} problem(s)" : ""));
    }
}

static partial class JobLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Renewals: {Invoices} invoice(s), {Lines} line(s), {Problems} problem(s)")]
    public static partial void Renewals(ILogger logger, int invoices, int lines, int problems);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Renewal problem: {Problem}")]
    public static partial void RenewalProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Overdue: {Reminders} reminder(s), {Notices} notice(s), {LateFees} late fee(s), {Suspended} suspended, {Terminated} terminated")]
    public static partial void Overdue(ILogger logger, int reminders, int notices, int lateFees, int suspended, int terminated);

    [LoggerMessage(EventId = 2081, Level = LogLevel.Warning, Message = "Overdue problem (left for the next run): {Problem}")]
    public static partial void OverdueProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 2090, Level = LogLevel.Information, Message = "Job {Job} run {RunId} finished: {Outcome}")]
    public static partial void Finished(ILogger logger, string job, long runId, string outcome);

    [LoggerMessage(EventId = 2091, Level = LogLevel.Debug, Message = "Job {Job} firing {FireId} was run already by another instance")]
    public static partial void AlreadyRun(ILogger logger, string job, string fireId);

    [LoggerMessage(EventId = 2092, Level = LogLevel.Warning, Message = "Job {Job} run {RunId} stopped by the shutdown; what it had not finished is left for the next run")]
    public static partial void Stopped(ILogger logger, string job, long runId);

    [LoggerMessage(EventId = 2093, Level = LogLevel.Information, Message = "Job {Job} is switched off in this instance ({Why}): its schedule is removed from the cluster")]
    public static partial void Unscheduled(ILogger logger, string job, string why);

    [LoggerMessage(EventId = 2099, Level = LogLevel.Error, Message = "Job {Job} failed; it will run again at its next firing")]
    public static partial void JobFailed(ILogger logger, string job, Exception error);
}
