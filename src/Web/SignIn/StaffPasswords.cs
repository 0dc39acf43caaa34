using BackOffice.Ledger;
using BackOffice.Ledger.Staff;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace BackOffice.Web.SignIn;

/// <summary>A staff member's web password, kept as ASP.NET Core Identity's hash (`staff password LOGIN`, the staff page).</summary>
public sealed class StaffPasswords(NpgsqlDataSource db, TimeProvider clock)
{
    public const int MinimumLength = 8;
    public static readonly RefusalCode Differ = new("staff.passwords-differ");
    public static readonly RefusalCode TooShort = new("staff.password-too-short");
    public static readonly RefusalCode OnlySpaces = new("staff.password-only-spaces");
    internal static readonly PasswordHasher<StaffAccount> Hasher = new();

    /// <summary>A password typed twice (at a terminal, or in the staff page's two fields) must be typed the same.</summary>
    public static string Confirmed(string first, string second) =>
        first == second ? first : throw new InvalidInput(Differ, "password-again", "The two passwords differ; nothing was changed.");

    public static void Check(string password)
    {
        if (password.Length < MinimumLength)
            throw new InvalidInput(TooShort, "password", $"A password has at least {MinimumLength} characters.");
        if (string.IsNullOrWhiteSpace(password))
            throw new InvalidInput(OnlySpaces, "password", "A password cannot be only spaces.");
    }

    /// <summary>Sets the password and lifts a lock-out; sessions signed in with the old one end at their next request.</summary>
    public async Task<string> SetAsync(string who, string password, string by, CancellationToken ct = default)
    {
        Check(password);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await StaffLookup.IdAsync(conn, who, ct);
        var hash = Hasher.HashPassword(null!, password);
        var login = await conn.ExecuteScalarAsync<string>(new CommandDefinition("""
            update staff set password_hash = @hash, failed_sign_ins = 0, locked_until = null where id = @id returning login
            """, new { hash, id }, tx, cancellationToken: ct)) ?? throw new NotFound(Refusals.StaffMissing, $"There is no staff member '{who}'.");
        await StaffAudit.RecordAsync(conn, tx, id, "password set", by, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return login;
    }
}
