using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Sync.Bank;
using BackOffice.Web.Access;
using BackOffice.Web.Paging;
using Microsoft.AspNetCore.WebUtilities;
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
    public Pager Pager { get; private set; } = new(1, Pager.DefaultSize, 0);

    [BindProperty(SupportsGet = true)] public long? Done { get; set; }
    [BindProperty(SupportsGet = true)] public string? Result { get; set; }

    public long? ErrorDocument { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? document)
    {
        if (document is { } id)
            return await ToDocumentAsync(id);
        await ShowAsync(Pager.Current(Request));
        return Page();
    }

    /// <summary>
    /// A link to one queued document (the statement page's «разобрать») opens the page it is on, at it: the queue is paged,
    /// and a document queued late sits on its last page. One already resolved opens the queue's first page.
    /// </summary>
    async Task<IActionResult> ToDocumentAsync(long document)
    {
        var position = await desk.PositionAsync(document, HttpContext.RequestAborted);
        var page = position is { } p ? p / Pager.DefaultSize + 1 : 1;
        var url = Url.Page("/Treasury/Review")!;
        if (page > 1) url = QueryHelpers.AddQueryString(url, "page", page.ToString(CultureInfo.InvariantCulture));
        return Redirect(position is null ? url : $"{url}#doc-{document}");
    }

    // A queue of hundreds of documents, each with its forms, made a page of a megabyte: one page of them at a time.
    async Task ShowAsync(int page)
    {
        var ct = HttpContext.RequestAborted;
        Pager = new Pager(page, Pager.DefaultSize, await desk.CountAsync(ct));
        Items = await desk.ListAsync(ct, Pager.Size, Pager.Offset);
    }

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
            // Back to the page the form was on ("page" itself is Razor Pages' own route value, so it goes in the query by hand).
            var query = new Dictionary<string, string?> { ["done"] = document.ToString(CultureInfo.InvariantCulture), ["result"] = status };
            if (FromPage > 1) query["page"] = FromPage.ToString(CultureInfo.InvariantCulture);
            return Redirect(QueryHelpers.AddQueryString(Url.Page("/Treasury/Review")!, query));
        }
        catch (LedgerError e)
        {
            ErrorDocument = document;
            Error = RussianRefusals.Russian(e);
            await ShowAsync(FromPage);
            return Page();
        }
    }

    /// <summary>The page a resolving form was posted from (a hidden field: the form's action carries no query).</summary>
    int FromPage => int.TryParse(Request.Form["from-page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;

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
