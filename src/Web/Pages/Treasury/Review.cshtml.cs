using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Sync.Bank;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Treasury;

/// <summary>
/// The review queue with the matcher's candidates, resolved in one click through the same ReviewDesk as `bank match`: onto
/// one or several invoices (another client's only with the third-party box ticked, as `--third-party`), to a client's
/// credit, or ignored with a reason. Refusals are the service's own words, shown beside the item.
/// </summary>
public sealed class ReviewModel(ReviewDesk desk, CurrentStaff me) : PageModel
{
    public IReadOnlyList<ReviewItem> Items { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public long? Done { get; set; }
    [BindProperty(SupportsGet = true)] public string? Result { get; set; }

    public long? ErrorDocument { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync() => Items = await desk.ListAsync(HttpContext.RequestAborted);

    public Task<IActionResult> OnPostInvoicesAsync(long document, long? one, long[]? picked, string? others, bool thirdParty) =>
        ResolveAsync(document, () =>
        {
            List<long> numbers = one is { } single ? [single] : [.. picked ?? [], .. Numbers(others)];
            if (numbers.Count == 0)
                throw new InvalidInput("invoice", "Отметьте счёт или впишите его номер.");
            return desk.MatchToInvoicesAsync(document, numbers, me.Login, HttpContext.RequestAborted, thirdParty);
        });

    public Task<IActionResult> OnPostCreditAsync(long document, int? one, string? client) =>
        ResolveAsync(document, () =>
        {
            var id = one ?? ClientId(client);
            return desk.ToCreditAsync(document, id, me.Login, HttpContext.RequestAborted);
        });

    public Task<IActionResult> OnPostIgnoreAsync(long document, string? reason) =>
        ResolveAsync(document, () => desk.IgnoreAsync(document, reason ?? "", me.Login, HttpContext.RequestAborted));

    async Task<IActionResult> ResolveAsync(long document, Func<Task<string>> resolve)
    {
        try
        {
            var status = await resolve();
            return RedirectToPage(new { done = document, result = status });
        }
        catch (LedgerError e)
        {
            ErrorDocument = document;
            Error = RussianRefusals.Russian(e);
            await OnGetAsync();
            return Page();
        }
    }

    static IEnumerable<long> Numbers(string? text) =>
        (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t =>
            long.TryParse(t.TrimStart('№', '#'), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new InvalidInput("invoice", $"«{t}» — не номер счёта: впишите номера через запятую, например 72001, 72002."));

    static int ClientId(string? text) =>
        int.TryParse(text?.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InvalidInput("client", $"«{text}» — не номер клиента: впишите его id, например 7583.");
}
