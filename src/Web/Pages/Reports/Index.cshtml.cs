using BackOffice.Reports.Engine;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Reports;

/// <summary>`report --list` as a page: the reports this staff member may make.</summary>
public sealed class IndexModel(ReportCatalogue catalogue, CurrentStaff me) : PageModel
{
    public IReadOnlyList<Report> Reports { get; private set; } = [];

    public void OnGet() => Reports = catalogue.All.Where(r => ReportAccess.May(me, r)).ToList();
}
