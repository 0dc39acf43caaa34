using BackOffice.Sync.Bank;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Treasury.Statements;

public sealed class IndexModel(BankLedger ledger) : PageModel
{
    public const int Shown = 200;
    public IReadOnlyList<StatementRow> Statements { get; private set; } = [];

    public async Task OnGetAsync() => Statements = await ledger.StatementsAsync(Shown, HttpContext.RequestAborted);
}
