using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Text;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Invoices.Drafts;

/// <summary>
/// /Invoices/Drafts/{id}: a draft edited line by line and published — the same <see cref="InvoiceBook.EditDraftAsync"/> and
/// <see cref="InvoiceDesk.PublishAsync"/> as <c>invoices edit</c> and <c>invoices publish</c>. A line is named by its stored
/// id, so a page left open while someone else changed the draft refuses instead of changing the wrong line.
/// </summary>
public sealed class EditModel(InvoiceBook book, InvoiceDesk desk, ClientScope scope, CurrentStaff me) : PageModel
{
    public InvoiceView Draft { get; private set; } = null!;
    public string? Error { get; private set; }
    /// <summary>Which form the error belongs to: "line-{id}", "add", "details" or "publish".</summary>
    public string? ErrorAt { get; private set; }

    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public long? LineId { get; set; }
    [BindProperty] public DateOnly? DueDate { get; set; }
    [BindProperty] public string? Notes { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await scope.SeesInvoiceAsync(id, HttpContext.RequestAborted)) return NotFound();
        Draft = await book.GetAsync(id, HttpContext.RequestAborted);
        return Draft.Invoice.Number is { } n ? Redirect($"~/Invoices/{n}") : Page();
    }

    public Task<IActionResult> OnPostAddAsync(long id) => ChangeLinesAsync(id, "add", lines =>
    {
        lines.Add(new InvoiceLine(LineKind.Manual, Description?.Trim() ?? "", ParseAmount()));
        return lines;
    });

    public Task<IActionResult> OnPostLineAsync(long id) => ChangeLinesAsync(id, $"line-{LineId}", lines =>
    {
        var at = IndexOf();
        lines[at] = lines[at] with { Description = Description?.Trim() ?? "", Amount = ParseAmount() };
        return lines;
    });

    public Task<IActionResult> OnPostRemoveAsync(long id) => ChangeLinesAsync(id, $"line-{LineId}", lines =>
    {
        lines.RemoveAt(IndexOf());
        return lines;
    });

    public Task<IActionResult> OnPostDetailsAsync(long id) =>
        RunAsync(id, "details", () => book.EditDraftAsync(id, new DraftEdit { DueDate = DueDate, Notes = Notes ?? "" }, HttpContext.RequestAborted));

    public async Task<IActionResult> OnPostPublishAsync(long id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await scope.SeesInvoiceAsync(id, ct)) return NotFound();
        try
        {
            var published = await desk.PublishAsync(id, me.Login, dryRun: false, ct);
            return Redirect($"~/Invoices/{published.Invoice.Number}");
        }
        catch (LedgerError e) when (e is InvalidInput or Conflict)
        {
            return await ShowErrorAsync(id, "publish", RussianRefusals.Russian(e));
        }
    }

    sealed record Row(long? Id, InvoiceLine Line);

    List<Row> _rows = [];

    int IndexOf()
    {
        var at = _rows.FindIndex(r => r.Id == LineId);
        if (at < 0) throw new Conflict("Этой строки в черновике уже нет: его изменили, пока страница была открыта. Обновите страницу.");
        return at;
    }

    decimal ParseAmount() => BusinessText.TryParseMoney(Amount, out var amount) ? amount
        : throw new InvalidInput("amount", $"«{Amount}» — не сумма; пишите {BusinessText.MoneyForms}.");

    Task<IActionResult> ChangeLinesAsync(long id, string at, Func<List<InvoiceLine>, List<InvoiceLine>> change) => RunAsync(id, at, async () =>
    {
        var current = await book.GetAsync(id, HttpContext.RequestAborted);
        _rows = current.Lines.Select(l => new Row(l.Id, l.ToLine())).ToList();
        var lines = change(_rows.Select(r => r.Line).ToList());
        return await book.EditDraftAsync(id, new DraftEdit { Lines = lines }, HttpContext.RequestAborted);
    });

    async Task<IActionResult> RunAsync(long id, string at, Func<Task<InvoiceView>> edit)
    {
        if (!await scope.SeesInvoiceAsync(id, HttpContext.RequestAborted)) return NotFound();
        try
        {
            await edit();
            return Redirect($"~/Invoices/Drafts/{id}");
        }
        catch (LedgerError e) when (e is InvalidInput or Conflict)
        {
            return await ShowErrorAsync(id, at, RussianRefusals.Russian(e));
        }
    }

    async Task<IActionResult> ShowErrorAsync(long id, string at, string message)
    {
        (Error, ErrorAt) = (message, at);
        Draft = await book.GetAsync(id, HttpContext.RequestAborted);
        return Page();
    }
}
