using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Treasury;

public sealed class IndexModel : PageModel
{
    public void OnGet() { }
}
