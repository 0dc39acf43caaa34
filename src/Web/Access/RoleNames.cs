using BackOffice.Ledger.Staff;

namespace BackOffice.Web.Access;

/// <summary>The roles as the staff call them.</summary>
public static class RoleNames
{
    public static string Of(string role) => role switch
    {
        StaffRoles.Support => "поддержка",
        StaffRoles.Treasury => "казначейство",
        StaffRoles.Manager => "менеджер",
        StaffRoles.Accountant => "бухгалтер",
        StaffRoles.Admin => "администратор",
        _ => role,
    };
}
