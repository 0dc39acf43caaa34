using Microsoft.Extensions.Logging;

namespace BackOffice.Sync.Accounting;

public static partial class AccountingLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "1C mirror switched off: set BackOffice:Accounting:BaseUrl to the publication's …/odata/standard.odata/ address (with User and Password) to mirror invoices to 1C")]
    public static partial void Off(ILogger logger);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "1C relay: {Claimed} item(s), {Created} created, {Adopted} adopted, {Updated} updated, {Unchanged} unchanged, {Waiting} waiting for a contractor, {Failed} to retry, {GaveUp} given up")]
    public static partial void Run(ILogger logger, int claimed, int created, int adopted, int updated, int unchanged, int waiting, int failed, int gaveUp);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "1C relay gave up on invoice {InvoiceId}: {Error}")]
    public static partial void GaveUp(ILogger logger, long invoiceId, string error);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "1C relay stopped: {Error}")]
    public static partial void Halted(ILogger logger, string error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "1C relay: invoice {InvoiceId} failed, will retry: {Error}")]
    public static partial void Failed(ILogger logger, long invoiceId, string error);
}
