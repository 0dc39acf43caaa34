using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Organisations;
using BackOffice.Ledger.Staff;
using BackOffice.Web.Access;
using BackOffice.Web.Paging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Invoices;

/// <summary>
/// /Invoices: the filters of <c>invoices list</c> (status, overdue, client, manager, organisation, issue and due dates) with
/// its totals over every invoice selected, in pages. A manager who is not admin sees only his clients' invoices.
/// </summary>
public sealed class IndexModel(InvoiceList invoices, OrganisationBook organisations, StaffDirectory staff, CurrentStaff me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    /// <summary>?overdue=1 as the header links it (a bool binder would refuse the 1).</summary>
    public bool Overdue { get; private set; }
    [BindProperty(SupportsGet = true)] public int? Client { get; set; }
    [BindProperty(SupportsGet = true)] public string? Manager { get; set; }
    [BindProperty(SupportsGet = true)] public string? Org { get; set; }
    [BindProperty(SupportsGet = true, Name = "issued-from")] public DateOnly? IssuedFrom { get; set; }
    [BindProperty(SupportsGet = true, Name = "issued-to")] public DateOnly? IssuedTo { get; set; }
    [BindProperty(SupportsGet = true, Name = "due-from")] public DateOnly? DueFrom { get; set; }
    [BindProperty(SupportsGet = true, Name = "due-to")] public DateOnly? DueTo { get; set; }

    public InvoiceListing Listing { get; private set; } = new([], new InvoiceTotals(0, 0m, 0m, 0m));
    public Pager Pager { get; private set; } = new(1, Pager.DefaultSize, 0);
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    public IReadOnlyList<StaffMember> Managers { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Overdue = Request.Query["overdue"].ToString() is "1" or "true" or "on";
        Organisations = await organisations.ListAsync(ct);
        if (!me.IsScopedManager)
            Managers = (await staff.ListAsync(ct)).Where(s => s.IsSalesManager || s.IsPersonalManager).ToList();
        if (!ModelState.IsValid)
        {
            Error = "Фильтр не понят (дата пишется как ГГГГ-ММ-ДД, клиент — числом): " +
                    string.Join("; ", ModelState.Where(m => m.Value!.Errors.Count > 0).Select(m => FilterName(m.Key)));
            return;
        }
        var page = Pager.Current(Request);
        try
        {
            Listing = await invoices.ListAsync(new InvoiceFilter
            {
                Status = string.IsNullOrEmpty(Status) ? null : Status,
                Overdue = Overdue,
                ClientId = Client,
                // A scoped manager's own id wins over whatever the query names: the filter is his scope.
                Manager = me.ScopeManagerId?.ToString(CultureInfo.InvariantCulture) ?? (string.IsNullOrWhiteSpace(Manager) ? null : Manager),
                Organisation = string.IsNullOrWhiteSpace(Org) ? null : Org,
                IssuedFrom = IssuedFrom, IssuedTo = IssuedTo, DueFrom = DueFrom, DueTo = DueTo,
                Limit = Pager.DefaultSize, Offset = (page - 1) * Pager.DefaultSize,
            }, ct);
        }
        catch (LedgerError e) when (e is InvalidInput or BackOffice.Ledger.NotFound)
        {
            Error = RussianRefusals.Russian(e);
        }
        Pager = new Pager(page, Pager.DefaultSize, Listing.Totals.Count);
    }

    /// <summary>A filter box by the label the staff see beside it.</summary>
    static string FilterName(string key) => key switch
    {
        "issued-from" => "выставлен с",
        "issued-to" => "выставлен по",
        "due-from" => "срок с",
        "due-to" => "срок по",
        "Client" => "клиент",
        _ => key,
    };
}
