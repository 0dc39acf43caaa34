using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Staff;

public sealed class IndexModel : PageModel
{
    public void OnGet() { }
}
