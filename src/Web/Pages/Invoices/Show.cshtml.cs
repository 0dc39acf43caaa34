using BackOffice.Ledger.Billing;
using BackOffice.Sync.Accounting;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Invoices;

/// <summary>/Invoices/{number}: a published invoice as <c>invoices show</c> prints it (lines, payments, refunds, credit) and its 1C side (<c>sync show</c>).</summary>
public sealed class ShowModel(InvoiceList invoices, SyncStatus sync, ClientScope scope) : PageModel
{
    public InvoiceDetail Detail { get; private set; } = null!;
    public Invoice Invoice => Detail.View.Invoice;
    public InvoiceMirrorView Mirror { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long number)
    {
        var ct = HttpContext.RequestAborted;
        if (!await scope.SeesInvoiceNumberAsync(number, ct)) return NotFound();
        Detail = await invoices.DetailAsync(number, byId: false, ct);
        Mirror = await sync.ShowAsync(number, ct);
        return Page();
    }
}
