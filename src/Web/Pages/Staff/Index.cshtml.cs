using BackOffice.Ledger;
using BackOffice.Ledger.Staff;
using BackOffice.Web.Access;
using BackOffice.Web.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Staff;

/// <summary>/Staff (admin): everyone with roles, state, lock-out and last sign-in; a new member (`staff add` and `staff password`); the latest changes.</summary>
public sealed class IndexModel(StaffDirectory directory, StaffAccounts accounts, StaffPasswords passwords, CurrentStaff me, TimeProvider clock) : PageModel
{
    public IReadOnlyList<StaffMember> People { get; private set; } = [];
    public IReadOnlyList<StaffChange> Changes { get; private set; } = [];
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public DateTime Now { get; private set; }
    [BindProperty] public NewMemberForm Form { get; set; } = new();
    [TempData] public string? Notice { get; set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        var ct = HttpContext.RequestAborted;
        try
        {
            // Both checked before anything is written, so a refused password adds nobody.
            var password = StaffPasswords.Confirmed(Form.Password ?? "", Form.PasswordAgain ?? "");
            StaffPasswords.Check(password);
            var id = await accounts.AddAsync(new NewStaffMember(Form.Login ?? "", Form.FullName ?? "", Form.Email, Form.Roles, Form.Department), me.Login, ct);
            await passwords.SetAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), password, me.Login, ct);
            Notice = $"Сотрудник {Form.Login!.Trim()} добавлен: он может войти с заданным паролем.";
            return RedirectToPage();
        }
        catch (LedgerError e) when (e is InvalidInput or Conflict)
        {
            Error = RussianRefusals.Russian(e);
        }
        await LoadAsync();
        return Page();
    }

    async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Now = clock.GetUtcNow().UtcDateTime;
        People = await directory.ListAsync(ct);
        Changes = await accounts.HistoryAsync(limit: 30, ct: ct);
        Departments = await directory.DepartmentsAsync(ct);
    }

    public sealed class NewMemberForm
    {
        public string? Login { get; set; }
        public string? FullName { get; set; }
        public string? Email { get; set; }
        public List<string> Roles { get; set; } = [];
        /// <summary>A department's id from the list, or empty for none.</summary>
        public string? Department { get; set; }
        public string? Password { get; set; }
        public string? PasswordAgain { get; set; }
    }
}
