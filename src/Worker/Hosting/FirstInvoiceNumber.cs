using BackOffice.Ledger.Billing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackOffice.Worker.Hosting;

/// <summary>BackOffice:Billing:FirstInvoiceNumber, applied after the schema is ready (the service and every verb).</summary>
static partial class FirstInvoiceNumber
{
    public static async Task ApplyAsync(IServiceProvider services, CancellationToken ct)
    {
        var first = services.GetRequiredService<IOptions<BillingOptions>>().Value.FirstInvoiceNumber;
        if (await services.GetRequiredService<InvoiceNumbering>().ApplyFirstNumberAsync(first, ct))
            Applied(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FirstInvoiceNumber)), first!.Value);
    }

    [LoggerMessage(EventId = 1081, Level = LogLevel.Information, Message = "Invoice numbering starts at {Number} (BackOffice:Billing:FirstInvoiceNumber)")]
    static partial void Applied(ILogger logger, long number);
}
