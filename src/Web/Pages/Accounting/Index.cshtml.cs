using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Accounting;

public sealed class IndexModel : PageModel
{
    public void OnGet() { }
}
