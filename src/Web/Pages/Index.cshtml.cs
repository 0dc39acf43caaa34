using BackOffice.Web.Header;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages;

public sealed class IndexModel(HeaderCounts header) : PageModel
{
    public HeaderFigures Figures { get; private set; } = null!;

    public async Task OnGetAsync() => Figures = await header.GetAsync(HttpContext.RequestAborted);
}
