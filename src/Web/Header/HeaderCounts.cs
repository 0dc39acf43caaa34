using System.Globalization;
using BackOffice.Ledger.Billing;
using BackOffice.Tickets.Desk;
using BackOffice.Web.Access;
using BackOffice.Ledger.Staff;

namespace BackOffice.Web.Header;

/// <summary>The three figures the manual's header shows on every page; a manager's are his clients' only. Null: not his to see.</summary>
public sealed record HeaderFigures(int PendingOrders, int OverdueInvoices, int? AwaitingTickets);

/// <summary>Scoped: counted once per request, however many parts of the page (the layout, the dashboard) show them.</summary>
public sealed class HeaderCounts(CurrentStaff me, OrderList orders, InvoiceList invoices, TicketDesk tickets)
{
    Task<HeaderFigures>? _figures;

    public Task<HeaderFigures> GetAsync(CancellationToken ct = default) => _figures ??= CountAsync(ct);

    async Task<HeaderFigures> CountAsync(CancellationToken ct)
    {
        var manager = me.ScopeManagerId;
        var pending = await orders.ListAsync("pending", manager, limit: 0, ct);
        var overdue = await invoices.CountAsync(new InvoiceFilter { Overdue = true, Manager = manager?.ToString(CultureInfo.InvariantCulture) }, ct);
        int? awaiting = me.Has(StaffRoles.Support) ? await tickets.AwaitingCountAsync(manager, ct) : null;
        return new HeaderFigures(pending.Count, overdue, awaiting);
    }
}
