using BackOffice.Ledger.Documents;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace BackOffice.Web.Pages.Invoices;

/// <summary>/Invoices/{number}/Pdf: the «Счет на оплату» PDF as <c>invoices pdf</c> writes it, shown in the browser (its file name kept for saving).</summary>
public sealed class PdfModel(InvoiceDocuments documents, ClientScope scope) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long number)
    {
        var ct = HttpContext.RequestAborted;
        if (!await scope.SeesInvoiceNumberAsync(number, ct)) return NotFound();
        var (_, pdf) = await documents.RenderAsync(number, ct);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(InvoiceDocuments.FileName(number));
        Response.Headers.ContentDisposition = disposition.ToString();
        return File(pdf, "application/pdf");
    }
}
