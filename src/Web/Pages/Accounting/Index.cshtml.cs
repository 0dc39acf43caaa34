using BackOffice.Sync.Accounting;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Accounting;

public sealed class IndexModel(SyncStatus sync) : PageModel
{
    public MirrorStatus Status { get; private set; } = null!;

    public async Task OnGetAsync() => Status = await sync.GetAsync(HttpContext.RequestAborted);
}
