using BackOffice.Ledger;
using BackOffice.Sync.Bank;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Treasury.Statements;

/// <summary>One imported statement, its documents with their outcome, and undoing a wrong match (`bank unmatch`).</summary>
public sealed class StatementModel(BankLedger ledger, CurrentStaff me) : PageModel
{
    public const int Shown = 5000;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public long? Undone { get; set; }

    public StatementRow Statement { get; private set; } = null!;
    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];
    public string? Error { get; private set; }
    public long? ErrorDocument { get; private set; }

    public async Task OnGetAsync(long id) => await LoadAsync(id);

    public async Task<IActionResult> OnPostUnmatchAsync(long id, long document, string? reason)
    {
        try
        {
            await ledger.UnmatchAsync(document, reason ?? "", me.Login, dryRun: false, HttpContext.RequestAborted);
            return RedirectToPage(new { id, undone = document });
        }
        catch (LedgerError e) when (e is not BackOffice.Ledger.NotFound)
        {
            Error = RussianRefusals.Russian(e);
            ErrorDocument = document;
            await LoadAsync(id);
            return Page();
        }
    }

    async Task LoadAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        Statement = await ledger.StatementAsync(id, ct);
        try
        {
            Documents = await ledger.DocumentsAsync(new DocumentFilter { StatementId = id, Status = Status is { Length: > 0 } ? Status : null, Limit = Shown }, ct);
        }
        catch (InvalidInput e)
        {
            Error ??= RussianRefusals.Russian(e);
            Status = null;
            Documents = await ledger.DocumentsAsync(new DocumentFilter { StatementId = id, Limit = Shown }, ct);
        }
    }
}
