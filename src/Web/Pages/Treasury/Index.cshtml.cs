using BackOffice.Sync.Bank;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Treasury;

/// <summary>Treasury's start: how many documents wait, the last statement, the claims still looked for.</summary>
public sealed class IndexModel(ReviewDesk desk, BankLedger ledger, PaymentClaimList claims) : PageModel
{
    public int Waiting { get; private set; }
    public StatementRow? LastStatement { get; private set; }
    public int OpenClaims { get; private set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Waiting = await desk.CountAsync(ct);
        LastStatement = (await ledger.StatementsAsync(1, ct)).FirstOrDefault();
        OpenClaims = (await claims.ListAsync("open", ct)).Count;
    }
}
