using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Ledger.Staff;
using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Sla;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BackOffice.Web.Pages.Tickets;

/// <summary>The queue, most urgent first, with the SLA countdown; filters in the query string, so a filtered view is a link.</summary>
public sealed class IndexModel(TicketQueue queue, StaffDirectory staff, CurrentStaff me, IOptions<SlaOptions> sla) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "department")] public string? Department { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "assignee")] public string? Assignee { get; set; }
    [BindProperty(SupportsGet = true, Name = "client")] public string? Client { get; set; }
    [BindProperty(SupportsGet = true, Name = "mine")] public string? Mine { get; set; }
    [BindProperty(SupportsGet = true, Name = "breaching")] public string? Breaching { get; set; }
    [BindProperty(SupportsGet = true, Name = "awaiting")] public string? Awaiting { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public string? PageNumber { get; set; }

    public TicketPage Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public IReadOnlyList<StaffMember> Staff { get; private set; } = [];
    public List<string> Problems { get; } = [];
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(sla.Value.TimeZone);

    public bool IsMine => On(Mine);
    public bool IsBreaching => On(Breaching);
    public bool IsAwaiting => On(Awaiting);

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Departments = await staff.DepartmentsAsync(ct);
        Staff = (await staff.ListAsync(ct)).Where(s => s.Active).ToList();
        var filter = new TicketFilter
        {
            Status = string.IsNullOrEmpty(Status) ? null : Status,
            DepartmentId = Number(Department, "Отдел"),
            AssigneeId = IsMine ? me.Id : Assignee == "none" ? 0 : Number(Assignee, "Ответственный"),
            ClientId = Number(Client, "Клиент"),
            ManagerId = ManagerScope(me),
            Breaching = IsBreaching,
            Awaiting = IsAwaiting,
        };
        var page = Number(PageNumber, "Страница") ?? 1;
        if (Problems.Count > 0) return;
        try
        {
            Result = await queue.PageAsync(filter, page, PageSize, ct);
        }
        catch (InvalidInput e)
        {
            Problems.Add(RussianRefusals.Russian(e));
        }
    }

    /// <summary>A manager who is neither admin nor support sees only his own clients' tickets.</summary>
    public static int? ManagerScope(CurrentStaff me) => me.Has(StaffRoles.Support) ? null : me.ScopeManagerId;

    /// <summary>This page's link with one query value changed (null removes it); the page number (p: Razor Pages keeps "page"
    /// for itself) starts over unless it is the value changed.</summary>
    public string Link(string key, string? value)
    {
        var q = Request.Query.Where(kv => kv.Key != key && kv.Key != "p").ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        if (value is not null) q[key] = value;
        return Url.Page("/Tickets/Index", null, null) + (q.Count == 0 ? "" : "?" + string.Join("&", q.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}")));
    }

    static bool On(string? v) => v is "1" or "true" or "on";

    int? Number(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
        Problems.Add($"{field}: «{text}» — не номер.");
        return null;
    }
}
