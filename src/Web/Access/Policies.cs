using BackOffice.Ledger.Staff;
using Microsoft.AspNetCore.Authorization;

namespace BackOffice.Web.Access;

/// <summary>The policies pages are opened under, one per role; admin passes every one. Folders get them in AddWeb.</summary>
public static class Policies
{
    public const string Support = "Support", Treasury = "Treasury", Manager = "Manager", Accountant = "Accountant", Admin = "Admin";

    public static AuthorizationBuilder AddStaffPolicies(this AuthorizationBuilder auth) => auth
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
        .AddPolicy(Support, p => p.RequireRole(StaffRoles.Support, StaffRoles.Admin))
        .AddPolicy(Treasury, p => p.RequireRole(StaffRoles.Treasury, StaffRoles.Admin))
        .AddPolicy(Manager, p => p.RequireRole(StaffRoles.Manager, StaffRoles.Admin))
        .AddPolicy(Accountant, p => p.RequireRole(StaffRoles.Accountant, StaffRoles.Admin))
        .AddPolicy(Admin, p => p.RequireRole(StaffRoles.Admin));
}
