using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Orders;

public sealed class IndexModel(OrderList orders, CurrentStaff me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    public OrderListing Listing { get; private set; } = new([], 0);
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        try
        {
            Listing = await orders.ListAsync(Status is { Length: > 0 } ? Status : null, me.ScopeManagerId, ct: HttpContext.RequestAborted);
        }
        catch (InvalidInput e)
        {
            Error = RussianRefusals.Russian(e);
        }
    }

    public string StatusName(string status) => LedgerText.OrderStatus(status);
}
