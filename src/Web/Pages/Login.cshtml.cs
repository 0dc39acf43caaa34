using BackOffice.Web.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages;

public sealed class LoginModel(StaffSignIn signIn) : PageModel
{
    public string? Problem { get; private set; }
    public string LoginName { get; private set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? login, string? password)
    {
        LoginName = login ?? "";
        var result = await signIn.CheckAsync(login ?? "", password ?? "", HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Staff!.Principal());
                // Only a path of this site: a crafted ReturnUrl must not send the signed-in user elsewhere.
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "~/");
            case SignInOutcome.LockedOut:
                Problem = "Слишком много неудачных попыток: вход заблокирован на время. Попробуйте позже или попросите администратора сменить пароль.";
                break;
            default:
                Problem = "Неверный логин или пароль.";
                break;
        }
        return Page();
    }
}
