using BackOffice.Ledger.Billing;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Orders;

public sealed class IndexModel(OrderList orders, CurrentStaff me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    public OrderListing Listing { get; private set; } = null!;

    public async Task OnGetAsync() => Listing = await orders.ListAsync(Status is { Length: > 0 } ? Status : null, me.ScopeManagerId, ct: HttpContext.RequestAborted);

    public string StatusName(string status) => LedgerText.OrderStatus(status);
}
