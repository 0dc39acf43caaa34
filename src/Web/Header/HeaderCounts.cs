using BackOffice.Ledger.Billing;
using BackOffice.Tickets.Desk;
using BackOffice.Web.Access;
using BackOffice.Ledger.Staff;

namespace BackOffice.Web.Header;

/// <summary>The three figures the manual's header shows on every page; a manager's are his clients' only. Null: not his to see.</summary>
public sealed record HeaderFigures(int PendingOrders, int OverdueInvoices, int? AwaitingTickets);

public sealed class HeaderCounts(CurrentStaff me, OrderList orders, InvoiceList invoices, TicketDesk tickets)
{
    public async Task<HeaderFigures> GetAsync(CancellationToken ct = default)
    {
        var manager = me.ScopeManagerId;
        var pending = await orders.ListAsync("pending", manager, limit: 0, ct);
        var overdue = await invoices.ListAsync(new InvoiceFilter { Overdue = true, Manager = manager?.ToString(System.Globalization.CultureInfo.InvariantCulture), Limit = 1 }, ct);
        int? awaiting = me.Has(StaffRoles.Support) ? await tickets.AwaitingCountAsync(manager, ct) : null;
        return new HeaderFigures(pending.Count, overdue.Totals.Count, awaiting);
    }
}
