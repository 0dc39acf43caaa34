using BackOffice.Ledger;
using BackOffice.Ledger.Documents;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Invoices;

/// <summary>
/// /Invoices/{number}/Print: the «Счет на оплату» form as HTML for the browser's print, from the same terms the PDF is drawn
/// from (<see cref="InvoiceDocuments.LoadAsync(long, CancellationToken)"/>).
/// </summary>
public sealed class PrintModel(InvoiceDocuments documents, ClientScope scope) : PageModel
{
    public InvoiceDocument Document { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long number)
    {
        var ct = HttpContext.RequestAborted;
        if (!await scope.SeesInvoiceNumberAsync(number, ct)) return NotFound();
        try
        {
            Document = await documents.LoadAsync(number, ct);
        }
        catch (Conflict e)
        {
            // An organisation without its bank requisites cannot print a payable form: say which, as the verb does.
            Error = RussianRefusals.Russian(e);
        }
        return Page();
    }
}
