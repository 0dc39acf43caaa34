using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Text;
using BackOffice.Sync.Accounting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BackOffice.Web.Pages.Accounting;

/// <summary>`sync reconcile --from --to` as a page: the same comparison, the differences listed.</summary>
public sealed class ReconciliationModel(Reconciliation reconciliation, IOptions<AccountingOptions> accounting, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    public IReadOnlyList<ReconcileDifference>? Differences { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        if (From is null && To is null)
        {
            var today = BusinessDay.Today(clock);
            (From, To) = (BusinessText.FormatDate(new DateOnly(today.Year, today.Month, 1)), BusinessText.FormatDate(today));
            return;
        }
        if (!BusinessText.TryParseDate(From, out var from))
        {
            Error = $"«{From}» — не дата: напишите её как 30.11.2026 или 2026-11-30.";
            return;
        }
        if (!BusinessText.TryParseDate(To, out var to))
        {
            Error = $"«{To}» — не дата: напишите её как 30.11.2026 или 2026-11-30.";
            return;
        }

        if (!accounting.Value.Enabled)
        {
            Error = "Обмен с 1С выключен (не задан BackOffice:Accounting:BaseUrl): сверять не с чем.";
            return;
        }
        try
        {
            Differences = await reconciliation.CompareAsync(from, to, HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is OneCException or HttpRequestException)
        {
            Error = "1С не ответила на сверку: " + e.Message;
        }
        catch (LedgerError e)
        {
            Error = RussianRefusals.Russian(e);
        }
    }
}
