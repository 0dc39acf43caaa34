using System.Globalization;
using BackOffice.Ledger.Billing;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Invoices;

public sealed class IndexModel(InvoiceList invoices, CurrentStaff me) : PageModel
{
    // The header links with ?overdue=1.
    [BindProperty(SupportsGet = true, Name = "overdue")] public string? OverdueFlag { get; set; }
    public bool Overdue => OverdueFlag is "1" or "true";
    public InvoiceListing Listing { get; private set; } = null!;

    public async Task OnGetAsync() => Listing = await invoices.ListAsync(new InvoiceFilter
    {
        Overdue = Overdue,
        Manager = me.ScopeManagerId?.ToString(CultureInfo.InvariantCulture),
        Limit = 200,
    }, HttpContext.RequestAborted);
}
