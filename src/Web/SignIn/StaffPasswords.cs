using BackOffice.Ledger;
using BackOffice.Ledger.Staff;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace BackOffice.Web.SignIn;

/// <summary>A staff member's web password, kept as ASP.NET Core Identity's hash (`staff password LOGIN`).</summary>
public sealed class StaffPasswords(NpgsqlDataSource db)
{
    public const int MinimumLength = 8;
    internal static readonly PasswordHasher<StaffAccount> Hasher = new();

    /// <summary>Sets the password and lifts a lock-out; sessions signed in with the old one end at their next request.</summary>
    public async Task<string> SetAsync(string who, string password, CancellationToken ct = default)
    {
        if (password.Length < MinimumLength)
            throw new InvalidInput("password", $"A password has at least {MinimumLength} characters.");
        if (string.IsNullOrWhiteSpace(password))
            throw new InvalidInput("password", "A password cannot be only spaces.");
        await using var conn = await db.OpenConnectionAsync(ct);
        var id = await StaffLookup.IdAsync(conn, who, ct);
        var hash = Hasher.HashPassword(null!, password);
        return await conn.ExecuteScalarAsync<string>(new CommandDefinition("""
            update staff set password_hash = @hash, failed_sign_ins = 0, locked_until = null where id = @id returning login
            """, new { hash, id }, cancellationToken: ct)) ?? throw new NotFound($"There is no staff member '{who}'.");
    }
}
