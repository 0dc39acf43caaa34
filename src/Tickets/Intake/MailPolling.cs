using Microsoft.Extensions.Logging;

namespace BackOffice.Tickets.Intake;

/// <summary>The scheduled run of the intake: a mailbox that is down or refuses us is logged and tried again at the next
/// run; the service goes on (SPEC §6: catch at the job boundary).</summary>
public sealed class MailPolling(MailIntake intake, ILogger<MailPolling> log)
{
    public async Task<FetchSummary?> RunAsync(CancellationToken ct)
    {
        try
        {
            return await intake.FetchAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            IntakeLog.Failed(log, e.Message, e);
            return null;
        }
    }
}
