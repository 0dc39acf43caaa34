using BackOffice.Tickets.Desk;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Tickets;

/// <summary>Placeholder queue (the Tickets page replaces it; it must scope a manager who is also support with CurrentStaff.ScopeManagerId).</summary>
public sealed class IndexModel(TicketDesk desk) : PageModel
{
    // The header links with ?awaiting=1.
    [BindProperty(SupportsGet = true, Name = "awaiting")] public string? AwaitingFlag { get; set; }
    public bool Awaiting => AwaitingFlag is "1" or "true";
    public IReadOnlyList<TicketSummary> Tickets { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var open = await desk.ListAsync(ct: HttpContext.RequestAborted);
        Tickets = Awaiting ? open.Where(t => TicketDesk.AwaitingAnswer.Contains(t.Status)).ToList() : open;
    }
}
