using System.Globalization;
using System.Security.Claims;
using BackOffice.Ledger.Staff;
using Microsoft.AspNetCore.Http;

namespace BackOffice.Web.Access;

/// <summary>Who is signed in, for pages: `@inject CurrentStaff Me`, or a page model's constructor.</summary>
public sealed class CurrentStaff(IHttpContextAccessor http)
{
    ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    public bool SignedIn => User.Identity?.IsAuthenticated == true;
    public int Id => int.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Nobody is signed in."), CultureInfo.InvariantCulture);

    /// <summary>What a change made from a page records as its author: the same "who" a verb's --by gives.</summary>
    public string Login => User.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("Nobody is signed in.");

    public string FullName => User.FindFirstValue(ClaimTypes.GivenName) ?? Login;
    public IReadOnlyList<string> Roles => User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
    public bool IsAdmin => User.IsInRole(StaffRoles.Admin);

    /// <summary>Admin holds every role.</summary>
    public bool Has(string role) => IsAdmin || User.IsInRole(role);

    /// <summary>A manager who is not admin sees only his own clients, their invoices, tickets and reports.</summary>
    public bool IsScopedManager => SignedIn && User.IsInRole(StaffRoles.Manager) && !IsAdmin;

    /// <summary>The manager id to pass to a feature service's filter: his own id when scoped, null (everyone's) otherwise.</summary>
    public int? ScopeManagerId => IsScopedManager ? Id : null;
}
