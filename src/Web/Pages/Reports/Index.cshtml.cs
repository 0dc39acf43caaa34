using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Reports;

public sealed class IndexModel : PageModel
{
    public void OnGet() { }
}
