using BackOffice.Ledger.Staff;

namespace BackOffice.Web.Access;

/// <summary>
/// The one manager-scoping check for pages that open a client, an invoice or a ticket by its id: false means the page
/// answers 404 (NotFound()), never 403, so that a manager cannot even learn that another's client exists.
/// </summary>
public sealed class ClientScope(CurrentStaff me, ManagedClients managed)
{
    public Task<bool> SeesClientAsync(int clientId, CancellationToken ct = default) =>
        me.ScopeManagerId is { } m ? managed.ClientAsync(m, clientId, ct) : Task.FromResult(true);

    public Task<bool> SeesInvoiceAsync(long invoiceId, CancellationToken ct = default) =>
        me.ScopeManagerId is { } m ? managed.InvoiceAsync(m, invoiceId, ct) : Task.FromResult(true);

    public Task<bool> SeesInvoiceNumberAsync(long number, CancellationToken ct = default) =>
        me.ScopeManagerId is { } m ? managed.InvoiceNumberAsync(m, number, ct) : Task.FromResult(true);

    public Task<bool> SeesTicketAsync(int number, CancellationToken ct = default) =>
        me.ScopeManagerId is { } m ? managed.TicketAsync(m, number, ct) : Task.FromResult(true);
}
