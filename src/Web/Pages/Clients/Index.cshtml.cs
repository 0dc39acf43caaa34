using System.Globalization;
using BackOffice.Ledger.Clients;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Clients;

public sealed class IndexModel(ClientBook clients, CurrentStaff me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<Client> Found { get; private set; } = [];

    public async Task OnGetAsync() =>
        Found = await clients.SearchAsync(Q, 100, HttpContext.RequestAborted, manager: me.ScopeManagerId?.ToString(CultureInfo.InvariantCulture));
}
