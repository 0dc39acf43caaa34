using BackOffice.Ledger;
using BackOffice.Sync.Accounting;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Accounting;

/// <summary>What `sync problems` lists, in an accountant's words, with where to fix each; and `sync retry` as a button.</summary>
public sealed class ProblemsModel(SyncProblems problems, SyncStatus sync, ClientScope scope, CurrentStaff me, TimeProvider clock) : PageModel
{
    public IReadOnlyList<(SyncProblem Problem, AccountingText.Explained Explained)> Problems { get; private set; } = [];
    public MirrorStatus Status { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    /// <param name="number">The invoice to send again; none: every invoice the relay gave up on.</param>
    public async Task<IActionResult> OnPostRetryAsync(long? number)
    {
        if (number is { } n && !await scope.SeesInvoiceNumberAsync(n, HttpContext.RequestAborted)) return NotFound();
        try
        {
            var requeued = await problems.RetryAsync(number, me.Login, clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
            Notice = requeued == 0
                ? number is null ? "Непринятых счетов нет: отправлять снова нечего." : $"Счёт № {number} не ждёт повторной отправки: отправлять снова нечего."
                : number is null ? $"Снова в очереди на отправку в 1С: {requeued}." : $"Счёт № {number} снова в очереди на отправку в 1С.";
            return RedirectToPage();
        }
        catch (LedgerError e)
        {
            Error = RussianRefusals.Russian(e);
            await LoadAsync();
            return Page();
        }
    }

    async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Status = await sync.GetAsync(ct);
        var shown = new List<(SyncProblem, AccountingText.Explained)>();
        foreach (var p in await problems.ListAsync(ct))
            if (p.ClientId is not { } id || await scope.SeesClientAsync(id, ct))
                shown.Add((p, AccountingText.Explain(p)));
        Problems = shown;
    }
}
