using BackOffice.Web.Access;

namespace BackOffice.Web.Pages.Staff;

/// <summary>A staff change as the audit records it (the verbs' English) in the admin's words.</summary>
static class StaffText
{
    public static string Change(string change) => change switch
    {
        "deactivated" => "отключён",
        "reactivated" => "снова активен",
        "unlocked" => "блокировка снята",
        "password set" => "задан пароль",
        _ when change.StartsWith("added, roles: ", StringComparison.Ordinal) => Added(change["added, roles: ".Length..]),
        _ when change.StartsWith("roles: ", StringComparison.Ordinal) =>
            "роли: " + string.Join(" → ", change["roles: ".Length..].Split(" → ").Select(Roles)),
        _ => change,
    };

    /// <summary>"support, manager" or "support; department: Поддержка" (a department given when he was added).</summary>
    static string Added(string rest) => rest.Split("; department: ") is [var roles, var department]
        ? $"добавлен, роли: {Roles(roles)}; отдел: {department}"
        : "добавлен, роли: " + Roles(rest);

    static string Roles(string list) => list == "none" ? "нет" : string.Join(", ", list.Split(", ").Select(RoleNames.Of));
}
