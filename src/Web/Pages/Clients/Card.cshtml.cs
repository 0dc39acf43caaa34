using BackOffice.Ledger.Clients;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Clients;

/// <summary>The client's card (route fixed: /Clients/{id}; the Clients page replaces the body). Another manager's client is 404.</summary>
public sealed class CardModel(ClientBook clients, ClientScope scope) : PageModel
{
    public Client Client { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await scope.SeesClientAsync(id, HttpContext.RequestAborted)) return NotFound();
        Client = await clients.GetAsync(id, HttpContext.RequestAborted);
        return Page();
    }
}
