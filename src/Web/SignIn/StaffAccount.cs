using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using Npgsql;

namespace BackOffice.Web.SignIn;

/// <summary>A staff member as the web knows him: who, his roles, and a stamp of his password (a new password ends old sessions).</summary>
public sealed record StaffAccount
{
    // Properties, not a positional record: Dapper matches a constructor by field types, and text[] reads as System.Array.
    public int Id { get; init; }
    public string Login { get; init; } = "";
    public string FullName { get; init; } = "";
    public string[] Roles { get; init; } = [];
    public bool Active { get; init; }
    public string? PasswordHash { get; init; }

    public const string StampClaim = "backoffice:password-stamp";

    public string Stamp => PasswordHash is null ? "" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(PasswordHash)))[..16];

    public ClaimsPrincipal Principal()
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, Login),
            new(ClaimTypes.GivenName, FullName),
            new(StampClaim, Stamp),
        };
        claims.AddRange(Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    internal static async Task<StaffAccount?> LoadAsync(NpgsqlConnection conn, string where, object args, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<StaffAccount>(new CommandDefinition($"""
            select id, login, full_name, roles, active, password_hash from staff where {where}
            """, args, cancellationToken: ct));
}
