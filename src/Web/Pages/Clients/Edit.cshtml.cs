using BackOffice.Ledger;
using BackOffice.Ledger.Clients;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Clients;

/// <summary>
/// /Clients/{id}/Edit: the same <see cref="ClientBook.EditAsync"/> as <c>client edit</c>, so the same checks (ИНН check digits,
/// КПП form, a unique email) and the old contact data kept in an important note signed by the one signed in. Nothing is saved
/// when anything is refused.
/// </summary>
public sealed class EditModel(ClientBook clients, ClientScope scope, CurrentStaff me) : PageModel
{
    [BindProperty] public ClientForm Form { get; set; } = new();
    public Client Client { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await scope.SeesClientAsync(id, HttpContext.RequestAborted)) return NotFound();
        Client = await clients.GetAsync(id, HttpContext.RequestAborted);
        Form = ClientForm.Of(Client);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await scope.SeesClientAsync(id, ct)) return NotFound();
        try
        {
            await clients.EditAsync(id, Form.ToChanges(), me.Login, ct);
            return Redirect($"~/Clients/{id}?saved=1");
        }
        catch (InvalidInput e)
        {
            ModelState.AddModelError(ClientForm.FieldOf(e.Field), RussianRefusals.Russian(e));
        }
        catch (LedgerError e) when (e is Conflict or BackOffice.Ledger.NotFound)
        {
            // The email of another client is the one conflict an edit meets; a staff name or department not found is the other.
            if (e.Code == ClientBook.EmailTaken || e.Code == ClientBook.EmailTakenMeanwhile)
                ModelState.AddModelError($"{nameof(Form)}.{nameof(ClientForm.Email)}", RussianRefusals.Russian(e));
            else Error = RussianRefusals.Russian(e);
        }
        Client = await clients.GetAsync(id, ct);
        return Page();
    }
}
