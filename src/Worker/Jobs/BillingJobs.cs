using BackOffice.Ledger.Billing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>Issues renewal invoices once a day. Safe to re-run: a (service, period) is billed once by a unique index.</summary>
[DisallowConcurrentExecution]
public sealed class RenewalJob(RenewalInvoicer invoicer, IOptions<BillingOptions> options, JobTickets tickets, TimeProvider clock, ILogger<RenewalJob> log) : IJob
{
    public static readonly JobKey Key = new("renewals", "billing");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (await tickets.TryClaimAsync(context, cancellationToken) is not { } run) return;
        try
        {
            var r = await invoicer.RunAsync(BusinessDate.Today(clock), options.Value.RenewalDaysBefore, cancellationToken);
            JobLog.Renewals(log, r.Invoices, r.Lines, r.Problems.Count);
            foreach (var p in r.Problems) JobLog.RenewalProblem(log, p);
            await tickets.FinishAsync(run, $"{r.Invoices} invoices, {r.Lines} lines, {r.Problems.Count} problems", cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            JobLog.JobFailed(log, Key.Name, e);
            await tickets.FinishAsync(run, "failed: " + e.Message, CancellationToken.None);
        }
    }
}

/// <summary>Runs the overdue steps once a day; each step is idempotent per invoice (dedupe keys, one late fee per invoice).</summary>
[DisallowConcurrentExecution]
public sealed class OverdueJob(OverdueProcessor processor, JobTickets tickets, TimeProvider clock, ILogger<OverdueJob> log) : IJob
{
    public static readonly JobKey Key = new("overdue", "billing");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (await tickets.TryClaimAsync(context, cancellationToken) is not { } run) return;
        try
        {
            var r = await processor.RunAsync(BusinessDate.Today(clock), cancellationToken);
            JobLog.Overdue(log, r.Reminders, r.Notices, r.LateFees, r.Suspended, r.Terminated);
            foreach (var p in r.Problems) JobLog.OverdueProblem(log, p);
            await tickets.FinishAsync(run, $"{r.Reminders} reminders, {r.Notices} notices, {r.LateFees} late fees, {r.Suspended} suspended, {r.Terminated} terminated" +
                                           (r.Problems.Count > 0 ? $", {r.Problems.Count} problem(s)" : ""), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            JobLog.JobFailed(log, Key.Name, e);
            await tickets.FinishAsync(run, "failed: " + e.Message, CancellationToken.None);
        }
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

    [LoggerMessage(EventId = 2099, Level = LogLevel.Error, Message = "Job {Job} failed; it will run again at its next firing")]
    public static partial void JobFailed(ILogger logger, string job, Exception error);

    /// <summary>The job boundary: a failure is logged and the job runs again at its next firing; the service stays up.</summary>
    public static async Task AtBoundaryAsync(ILogger logger, JobKey job, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            JobFailed(logger, job.Name, e);
        }
    }
}
