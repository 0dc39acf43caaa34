using System.Text.RegularExpressions;
using BackOffice.Ledger;
using BackOffice.Web.Access;
using BackOffice.Web.SignIn;

namespace BackOffice.Web.Pages.Staff;

/// <summary>A refusal of the staff services (their text is the verbs' English) as the admin reads it on the page.</summary>
static partial class StaffText
{
    public static string Refusal(LedgerError e) => e switch
    {
        InvalidInput { Field: "self" } when e.Message.Contains("admin role") =>
            "Нельзя снять роль администратора с самого себя: это может сделать другой администратор.",
        InvalidInput { Field: "self" } => "Нельзя отключить самого себя: это может сделать другой администратор.",
        InvalidInput { Field: "login" } when e.Message.Contains("spaces") => "В логине не должно быть пробелов.",
        InvalidInput { Field: "login" } => "Укажите логин.",
        InvalidInput { Field: "name" } => "Укажите ФИО.",
        InvalidInput { Field: "email" } => "Email указан неверно: в адресе нет «@».",
        InvalidInput { Field: "roles" } => $"Неизвестная роль «{Quoted(e.Message)}»: роль — одна из {string.Join(", ", Ledger.Staff.StaffRoles.All.Select(RoleNames.Of))}.",
        InvalidInput { Field: "password" } when e.Message.Contains("spaces") => "Пароль не может состоять из одних пробелов.",
        InvalidInput { Field: "password" } => $"Пароль — не короче {StaffPasswords.MinimumLength} символов.",
        InvalidInput { Field: "password-again" } => "Пароли не совпадают: введите один и тот же пароль дважды.",
        Conflict when e.Message.Contains("email") => "Этот email уже у другого сотрудника.",
        Conflict => $"Логин «{Quoted(e.Message)}» уже занят.",
        NotFound => "Такого сотрудника нет.",
        _ => e.Message,
    };

    public static string Change(string change) => change switch
    {
        "deactivated" => "отключён",
        "reactivated" => "снова активен",
        "unlocked" => "блокировка снята",
        "password set" => "задан пароль",
        _ when change.StartsWith("added, roles: ", StringComparison.Ordinal) => "добавлен, роли: " + Roles(change["added, roles: ".Length..]),
        _ when change.StartsWith("roles: ", StringComparison.Ordinal) =>
            "роли: " + string.Join(" → ", change["roles: ".Length..].Split(" → ").Select(Roles)),
        _ => change,
    };

    static string Roles(string list) => list == "none" ? "нет" : string.Join(", ", list.Split(", ").Select(RoleNames.Of));

    static string Quoted(string message) => QuotedText().Match(message) is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedText();
}
