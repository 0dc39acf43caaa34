using BackOffice.Ledger;
using BackOffice.Sync.Bank;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Treasury;

/// <summary>
/// A statement uploaded through the page goes through the same import as `bank import`: whole file or nothing, the same
/// file again recorded as seen again. The upload is copied to a temp file first, so a deadlock retry can read it again.
/// </summary>
public sealed class UploadModel(BankImport import, CurrentStaff me) : PageModel
{
    public ImportSummary? Summary { get; private set; }
    public string? Error { get; private set; }
    public StatementRejected? Rejected { get; private set; }

    public void OnGet() { }

    public Task<IActionResult> OnPostAsync(IFormFile? statement) => ImportAsync(statement, dryRun: false);

    public Task<IActionResult> OnPostCheckAsync(IFormFile? statement) => ImportAsync(statement, dryRun: true);

    async Task<IActionResult> ImportAsync(IFormFile? statement, bool dryRun)
    {
        if (statement is null || statement.Length == 0)
        {
            Error = "Выберите файл выписки (1CClientBankExchange .txt или .csv).";
            return Page();
        }

        var name = Path.GetFileName(statement.FileName) is { Length: > 0 } given ? given : "statement.txt";
        var copy = Path.Combine(Path.GetTempPath(), $"backoffice-upload-{Guid.NewGuid():N}");
        try
        {
            await using (var file = System.IO.File.Create(copy))
                await statement.CopyToAsync(file, HttpContext.RequestAborted);
            Summary = await import.ImportFileAsync(copy, me.Login, HttpContext.RequestAborted, dryRun, fileName: name);
        }
        catch (StatementRejected e)
        {
            Rejected = e;
            Error = $"Файл «{name}» отклонён целиком, ничего из него не загружено: {RussianRefusals.Russian(e)}";
        }
        catch (LedgerError e)
        {
            Error = $"Файл «{name}» не загружен: {RussianRefusals.Russian(e)}";
        }
        finally
        {
            System.IO.File.Delete(copy);
        }

        return Page();
    }
}
