using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Clients;
using BackOffice.Sync.Accounting;
using BackOffice.Tickets.Desk;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Clients;

/// <summary>
/// The client's card: requisites, the summary figures, notes (important first), services, recent invoices, open tickets and
/// the contractor's 1C side. Another manager's client is 404.
/// </summary>
public sealed class CardModel(ClientFile files, ClientBook clients, InvoiceList invoices, TicketDesk tickets, ContractorStatus contractors,
    ClientScope scope, CurrentStaff me) : PageModel
{
    public const int RecentInvoices = 20;

    public ClientOverview Overview { get; private set; } = null!;
    public Client Client => Overview.Summary.Client;
    public InvoiceListing Invoices { get; private set; } = null!;
    public IReadOnlyList<TicketSummary> Tickets { get; private set; } = [];
    public ContractorState Contractor { get; private set; } = null!;

    [BindProperty] public string? NoteText { get; set; }
    [BindProperty] public bool NoteImportant { get; set; }
    public string? NoteError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await scope.SeesClientAsync(id, HttpContext.RequestAborted)) return NotFound();
        await LoadAsync(id);
        return Page();
    }

    /// <summary>A note from the card, as <c>client note</c> adds it (the author is the one signed in).</summary>
    public async Task<IActionResult> OnPostNoteAsync(int id)
    {
        if (!await scope.SeesClientAsync(id, HttpContext.RequestAborted)) return NotFound();
        try
        {
            await clients.AddNoteAsync(id, NoteText ?? "", NoteImportant, me.Login, HttpContext.RequestAborted);
            return Redirect($"~/Clients/{id}#notes");
        }
        catch (InvalidInput e)
        {
            NoteError = RussianRefusals.Russian(e);
            await LoadAsync(id);
            return Page();
        }
    }

    async Task LoadAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        Overview = await files.OpenAsync(id, ct);
        Invoices = await invoices.ListAsync(new InvoiceFilter { ClientId = id, Limit = RecentInvoices }, ct);
        Tickets = await tickets.ListAsync(clientId: id, ct: ct);
        Contractor = await contractors.ForClientAsync(id, ct);
    }
}
