using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BackOffice.Web.SignIn;

/// <summary>
/// Each request reads the staff member again: a deactivated account or a new password ends the session at once, and
/// roles changed by an admin apply at the next click rather than when the cookie expires.
/// </summary>
static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var stamp = context.Principal?.FindFirst(StaffAccount.StampClaim)?.Value;
        StaffAccount? staff = null;
        if (int.TryParse(id, out var staffId))
        {
            var db = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
            await using var conn = await db.OpenConnectionAsync(context.HttpContext.RequestAborted);
            staff = await StaffAccount.LoadAsync(conn, "id = @staffId", new { staffId }, context.HttpContext.RequestAborted);
        }
        if (staff is not { Active: true } || staff.Stamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.ReplacePrincipal(staff.Principal());
    }
}
