using BackOffice.Ledger;
using BackOffice.Ledger.Staff;
using BackOffice.Ledger.Text;
using BackOffice.Sync.Bank;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Treasury;

/// <summary>Payment claims (`bank claim add`, `bank claims`, `bank claim cancel`): a client's word that it paid, looked for in every statement.</summary>
public sealed class ClaimsModel(PaymentClaims claims, PaymentClaimList list, StaffDirectory staff, CurrentStaff me) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public long? Added { get; set; }
    [BindProperty(SupportsGet = true)] public long? Cancelled { get; set; }

    [BindProperty] public string? Inn { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public int? Manager { get; set; }

    public IReadOnlyList<ClaimRow> Claims { get; private set; } = [];
    public IReadOnlyList<StaffMember> Managers { get; private set; } = [];
    public string? Error { get; private set; }
    public long? ErrorClaim { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        try
        {
            Claims = await list.ListAsync(Status is { Length: > 0 } ? Status : null, ct);
        }
        catch (InvalidInput e)
        {
            Error ??= RussianRefusals.Russian(e);
            Status = null;
            Claims = await list.ListAsync(null, ct);
        }
        Managers = (await staff.ListAsync(ct)).Where(s => s.Active).ToList();
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        try
        {
            if (Manager is not { } manager)
                throw new InvalidInput("manager", "Выберите менеджера, которому сообщить о платеже.");
            var claim = await claims.AddAsync(new ClaimInput(Inn ?? "", Number ?? "", BusinessText.ParseDate(Date, "Дата п/п"),
                BusinessText.ParseMoney(Amount, "Сумма"), manager), me.Login, HttpContext.RequestAborted);
            return RedirectToPage(new { added = claim.Id });
        }
        catch (LedgerError e)
        {
            Error = RussianRefusals.Russian(e);
            await OnGetAsync();
            return Page();
        }
    }

    public async Task<IActionResult> OnPostCancelAsync(long claim, string? reason)
    {
        try
        {
            await list.CancelAsync(claim, reason ?? "", me.Login, HttpContext.RequestAborted);
            return RedirectToPage(new { cancelled = claim });
        }
        catch (LedgerError e)
        {
            Error = RussianRefusals.Russian(e);
            ErrorClaim = claim;
            await OnGetAsync();
            return Page();
        }
    }

    public static string StatusName(string status) => status switch
    {
        "open" => "ищем",
        "found" => "найден",
        "cancelled" => "отменена",
        _ => status,
    };
}
