using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Ledger.Staff;
using BackOffice.Web.Access;
using BackOffice.Web.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Staff;

/// <summary>
/// /Staff/{id} (admin): one member's roles, active state, lock-out and password, changed through the services the `staff`
/// verbs call, each change recorded under the signed-in admin. The password is typed twice by the admin rather than
/// generated and shown: nothing secret is ever rendered into a page, and it is the verb's own way.
/// </summary>
public sealed class MemberModel(StaffDirectory directory, StaffAccounts accounts, StaffPasswords passwords, CurrentStaff me, TimeProvider clock)
    : PageModel
{
    public StaffMember Member { get; private set; } = null!;
    public IReadOnlyList<StaffChange> Changes { get; private set; } = [];
    public bool Locked { get; private set; }
    public bool IsMe => Member.Id == me.Id;
    [TempData] public string? Notice { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostRolesAsync(int id, List<string> roles) =>
        ChangeAsync(id, ct => accounts.SetRolesAsync(Who(id), roles, me.Login, ct), "Роли сохранены.");

    public Task<IActionResult> OnPostActiveAsync(int id, bool active) =>
        ChangeAsync(id, ct => accounts.SetActiveAsync(Who(id), active, me.Login, ct),
            active ? "Сотрудник снова может входить." : "Сотрудник отключён: войти он не может, его сеансы закрыты.");

    public Task<IActionResult> OnPostUnlockAsync(int id) =>
        ChangeAsync(id, ct => accounts.UnlockAsync(Who(id), me.Login, ct), "Блокировка снята.");

    public Task<IActionResult> OnPostPasswordAsync(int id, string? password, string? passwordAgain) =>
        ChangeAsync(id, ct => passwords.SetAsync(Who(id), StaffPasswords.Confirmed(password ?? "", passwordAgain ?? ""), me.Login, ct),
            "Пароль задан; блокировка, если была, снята.");

    async Task<IActionResult> ChangeAsync(int id, Func<CancellationToken, Task> change, string done)
    {
        var ct = HttpContext.RequestAborted;
        try
        {
            await change(ct);
            Notice = done;
            return RedirectToPage(new { id });
        }
        catch (LedgerError e) when (e is InvalidInput or Conflict)
        {
            Error = RussianRefusals.Russian(e);
        }
        return await LoadAsync(id) ? Page() : NotFound();
    }

    static string Who(int id) => id.ToString(CultureInfo.InvariantCulture);

    async Task<bool> LoadAsync(int id)
    {
        var ct = HttpContext.RequestAborted;
        if ((await directory.ListAsync(ct)).FirstOrDefault(s => s.Id == id) is not { } member) return false;
        Member = member;
        Locked = member.LockedUntil > clock.GetUtcNow().UtcDateTime;
        Changes = await accounts.HistoryAsync(id, 50, ct);
        return true;
    }
}
