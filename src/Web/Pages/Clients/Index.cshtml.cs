using System.Globalization;
using BackOffice.Ledger.Clients;
using BackOffice.Web.Access;
using BackOffice.Web.Paging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Clients;

/// <summary>/Clients?q=: one box for id, name, company, email, ИНН or contractor code; a manager sees only his own clients.</summary>
public sealed class IndexModel(ClientBook clients, CurrentStaff me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<Client> Found { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, Pager.DefaultSize, 0);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var manager = me.ScopeManagerId?.ToString(CultureInfo.InvariantCulture);
        Pager = new Pager(Pager.Current(Request), Pager.DefaultSize, await clients.CountAsync(Q, manager, ct: ct));
        Found = await clients.SearchAsync(Q, Pager.Size, ct, manager, offset: Pager.Offset);
    }
}
