using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Web.SignIn;

public enum SignInOutcome { SignedIn, Refused, LockedOut }

public sealed record SignInResult(SignInOutcome Outcome, StaffAccount? Staff = null);

/// <summary>
/// Login and password against the staff table. Ten wrong passwords in a row (BackOffice:Web:LockoutAttempts) lock the
/// account for LockoutMinutes; while locked, no password is even checked, so guessing gains nothing.
/// </summary>
public sealed class StaffSignIn(NpgsqlDataSource db, IOptions<WebOptions> options, TimeProvider clock)
{
    // Checked when the login is unknown, so that a wrong login takes as long as a wrong password.
    static readonly string DecoyHash = StaffPasswords.Hasher.HashPassword(null!, Guid.NewGuid().ToString());

    public async Task<SignInResult> CheckAsync(string login, string password, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        var staff = await StaffAccount.LoadAsync(conn, "lower(login) = lower(@login)", new { login = login.Trim() }, ct);
        if (staff is not { Active: true, PasswordHash: not null })
        {
            StaffPasswords.Hasher.VerifyHashedPassword(null!, DecoyHash, password);
            return new SignInResult(SignInOutcome.Refused);
        }
        var lockedUntil = await conn.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "select locked_until from staff where id = @Id", new { staff.Id }, cancellationToken: ct));
        if (lockedUntil > now.UtcDateTime) return new SignInResult(SignInOutcome.LockedOut);

        var verdict = StaffPasswords.Hasher.VerifyHashedPassword(null!, staff.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var o = options.Value;
            var locked = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
                update staff set
                    locked_until = case when failed_sign_ins + 1 >= @LockoutAttempts then @until else locked_until end,
                    failed_sign_ins = case when failed_sign_ins + 1 >= @LockoutAttempts then 0 else failed_sign_ins + 1 end
                where id = @Id
                returning locked_until is not null and locked_until > @now
                """, new { staff.Id, o.LockoutAttempts, until = now.AddMinutes(o.LockoutMinutes), now }, cancellationToken: ct));
            return new SignInResult(locked ? SignInOutcome.LockedOut : SignInOutcome.Refused);
        }
        var hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? StaffPasswords.Hasher.HashPassword(null!, password) : staff.PasswordHash;
        await conn.ExecuteAsync(new CommandDefinition(
            "update staff set failed_sign_ins = 0, locked_until = null, password_hash = @hash, last_signed_in_at = @now where id = @Id",
            new { staff.Id, hash, now }, cancellationToken: ct));
        return new SignInResult(SignInOutcome.SignedIn, staff with { PasswordHash = hash });
    }
}
