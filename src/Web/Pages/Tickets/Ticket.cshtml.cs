using BackOffice.Ledger;
using BackOffice.Ledger.Clients;
using BackOffice.Ledger.Staff;
using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Sla;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BackOffice.Web.Pages.Tickets;

/// <summary>
/// A ticket: its thread and what support does with it, each through the TicketDesk method the `tickets` verb calls, as the
/// signed-in staff member (the verb's --by). A failure shows the desk's message on the page and changes nothing.
/// </summary>
public sealed class TicketModel(TicketDesk desk, ClientBook clients, StaffDirectory staff, CurrentStaff me, ClientScope scope,
    IOptions<SlaOptions> sla) : PageModel
{
    public TicketView View { get; private set; } = null!;
    public Client? Client { get; private set; }
    public IReadOnlyList<ClientNote> Notes { get; private set; } = [];
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public IReadOnlyList<StaffMember> Staff { get; private set; } = [];
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(sla.Value.TimeZone);

    /// <summary>What failed, and in which form (reply, note, assign, …), shown beside that form.</summary>
    public (string Form, string Message)? Problem { get; private set; }
    [TempData] public string? Done { get; set; }

    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    [BindProperty(SupportsGet = true)] public int Number { get; set; }

    public async Task<IActionResult> OnGetAsync() => await SeesAsync() ? await ShowAsync() : NotFound();

    /// <summary>Always a download (octet-stream, attachment): a client's HTML or SVG must never open as a page of this site.</summary>
    public async Task<IActionResult> OnGetAttachmentAsync(long id)
    {
        if (!await SeesAsync()) return NotFound();
        var file = await desk.AttachmentAsync(Number, id, HttpContext.RequestAborted);
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(file.Content, "application/octet-stream", file.FileName);
    }

    public Task<IActionResult> OnPostReplyAsync() => ActAsync("reply", "Ответ поставлен в очередь отправки клиенту.", async ct =>
        await desk.ReplyAsync(Number, me.Login, Text ?? "", await FilesAsync(ct), ct));

    public Task<IActionResult> OnPostNoteAsync() => ActAsync("note", "Заметка добавлена.", async ct =>
        await desk.NoteAsync(Number, me.Login, Text ?? "", await FilesAsync(ct), ct));

    public Task<IActionResult> OnPostAssignAsync() => ActAsync("assign", "Ответственный назначен.", ct => desk.AssignAsync(Number, me.Login, Value ?? "", ct));

    public Task<IActionResult> OnPostMoveAsync() => ActAsync("move", "Тикет передан в отдел.", ct => desk.MoveAsync(Number, me.Login, Value ?? "", ct));

    public Task<IActionResult> OnPostPriorityAsync() => ActAsync("priority", "Приоритет изменён.", ct => desk.PriorityAsync(Number, me.Login, Value ?? "", ct));

    public Task<IActionResult> OnPostCloseAsync() => ActAsync("close", "Тикет закрыт.", ct => desk.CloseAsync(Number, me.Login, ct));

    /// <summary>Reopen, or another working status: open, in_progress, on_hold (pauses the SLA clock).</summary>
    public Task<IActionResult> OnPostStatusAsync() => ActAsync("status", "Статус изменён.", ct => desk.OpenAsync(Number, me.Login, Value ?? "", ct));

    async Task<IActionResult> ActAsync(string form, string done, Func<CancellationToken, Task> act)
    {
        if (!await SeesAsync()) return NotFound();
        try
        {
            await act(HttpContext.RequestAborted);
        }
        catch (LedgerError e) when (e is not Ledger.NotFound || form is "assign" or "move")
        {
            Problem = (form, RussianRefusals.Russian(e));
            return await ShowAsync();
        }
        Done = done;
        return RedirectToPage(new { number = Number });
    }

    async Task<IReadOnlyList<StaffFile>> FilesAsync(CancellationToken ct)
    {
        var files = new List<StaffFile>();
        foreach (var f in Files.Where(f => f.Length > 0))
        {
            using var buffer = new MemoryStream();
            await f.CopyToAsync(buffer, ct);
            files.Add(new StaffFile(Path.GetFileName(f.FileName), buffer.ToArray(), string.IsNullOrEmpty(f.ContentType) ? "application/octet-stream" : f.ContentType));
        }
        return files;
    }

    /// <summary>A manager who is neither admin nor support opens only his own clients' tickets; another's is 404.</summary>
    async Task<bool> SeesAsync() => me.Has(StaffRoles.Support) || await scope.SeesTicketAsync(Number, HttpContext.RequestAborted);

    async Task<IActionResult> ShowAsync()
    {
        var ct = HttpContext.RequestAborted;
        View = await desk.ShowAsync(Number, ct);
        if (View.Ticket.ClientId is { } clientId)
        {
            Client = await clients.GetAsync(clientId, ct);
            Notes = (await clients.NotesAsync(clientId, ct)).OrderByDescending(n => n.Important).ThenByDescending(n => n.CreatedAt).ToList();
        }
        Departments = await staff.DepartmentsAsync(ct);
        Staff = (await staff.ListAsync(ct)).Where(s => s.Active).ToList();
        return Page();
    }
}
