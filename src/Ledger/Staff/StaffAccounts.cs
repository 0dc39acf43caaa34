using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Staff;

/// <summary>Department (name or id, optional) is one of the departments tickets are routed to.</summary>
public sealed record NewStaffMember(string Login, string FullName, string? Email, IReadOnlyList<string> Roles, string? Department = null);

/// <summary>
/// Who works here and what he may open: `staff add/roles/deactivate/activate/unlock` and the admin's staff page. Each
/// change is recorded in <see cref="StaffAudit"/> in its own transaction. An admin cannot take the admin role from himself
/// nor deactivate himself, so the one who is signed in never locks the company out of its own staff page; nor can anyone
/// (a verb names any --by) take the last active admin's role or deactivate him, or nobody could manage staff any more.
/// </summary>
public sealed class StaffAccounts(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly RefusalCode LoginMissing = new("staff.login-missing");
    public static readonly RefusalCode LoginHasSpaces = new("staff.login-has-spaces");
    public static readonly RefusalCode NameMissing = new("staff.name-missing");
    public static readonly RefusalCode NotAnEmail = new("staff.not-an-email");
    public static readonly RefusalCode LoginTaken = new("staff.login-taken");
    public static readonly RefusalCode EmailTaken = new("staff.email-taken");
    public static readonly RefusalCode OwnAdminRole = new("staff.own-admin-role");
    public static readonly RefusalCode DeactivateSelf = new("staff.deactivate-self");
    public static readonly RefusalCode LastAdmin = new("staff.last-admin");

    public async Task<int> AddAsync(NewStaffMember member, string by, CancellationToken ct = default)
    {
        var login = member.Login.Trim();
        if (login.Length == 0) throw new InvalidInput(LoginMissing, "login", "A login is required.");
        if (login.Any(char.IsWhiteSpace)) throw new InvalidInput(LoginHasSpaces, "login", $"A login has no spaces: '{login}'.");
        var name = member.FullName.Trim();
        if (name.Length == 0) throw new InvalidInput(NameMissing, "name", "A full name is required.");
        var email = string.IsNullOrWhiteSpace(member.Email) ? null : member.Email.Trim();
        if (email is not null && !email.Contains('@')) throw new InvalidInput(NotAnEmail, "email", $"'{email}' is not an email address.");
        var roles = StaffRoles.Parse(string.Join(',', member.Roles.DefaultIfEmpty("none")));

        var department = string.IsNullOrWhiteSpace(member.Department) ? null : member.Department.Trim();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (departmentId, departmentName) = department is null ? default : await conn.QueryFirstOrDefaultAsync<(int?, string?)>(new CommandDefinition(
            "select id, name from departments where id::text = @department or lower(name) = lower(@department) order by id limit 1",
            new { department }, tx, cancellationToken: ct));
        if (department is not null && departmentId is null)
            throw new InvalidInput(Refusals.DepartmentMissing, "department", $"There is no department '{department}'. `backoffice staff list` shows the departments.");
        // The constraint is on login as written; people type logins in any case, and sign-in ignores it.
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists(select 1 from staff where lower(login) = lower(@login))", new { login }, tx, cancellationToken: ct)))
            throw new Conflict(LoginTaken, $"The login '{login}' is taken.");
        int id;
        try
        {
            id = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
                insert into staff (login, full_name, email, roles, department_id) values (@login, @name, @email, @roles, @departmentId) returning id
                """, new { login, name, email, roles, departmentId }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw e.ConstraintName == "staff_email_unique"
                ? new Conflict(EmailTaken, $"The email {email} is another staff member's.")
                : new Conflict(LoginTaken, $"The login '{login}' is taken.");
        }
        await StaffAudit.RecordAsync(conn, tx, id, $"added, roles: {RoleList(roles)}" + (departmentName is null ? "" : $"; department: {departmentName}"),
            by, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>Replaces a staff member's roles (`staff roles LOGIN --set …`); returns them as stored.</summary>
    public async Task<string[]> SetRolesAsync(string who, IReadOnlyList<string> roles, string by, CancellationToken ct = default)
    {
        var known = StaffRoles.Parse(string.Join(',', roles.DefaultIfEmpty("none")));
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var admins = await LockActiveAdminsAsync(conn, tx, ct);
        var target = await LockAsync(conn, tx, who, ct);
        if (target.Active && !known.Contains(StaffRoles.Admin)) EnsureAnotherAdmin(target, admins);
        if (IsSelf(target, by) && target.Roles.Contains(StaffRoles.Admin) && !known.Contains(StaffRoles.Admin))
            throw new InvalidInput(OwnAdminRole, "self", "You cannot take the admin role from yourself: another admin can.");
        if (target.Roles.SequenceEqual(known)) return known;
        await conn.ExecuteAsync(new CommandDefinition("update staff set roles = @known where id = @Id", new { known, target.Id }, tx, cancellationToken: ct));
        await StaffAudit.RecordAsync(conn, tx, target.Id, $"roles: {RoleList(target.Roles)} → {RoleList(known)}", by, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return known;
    }

    /// <summary>Deactivates (he can no longer sign in, his sessions end) or reactivates; returns his login.</summary>
    public async Task<string> SetActiveAsync(string who, bool active, string by, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var admins = await LockActiveAdminsAsync(conn, tx, ct);
        var target = await LockAsync(conn, tx, who, ct);
        if (!active) EnsureAnotherAdmin(target, admins);
        if (!active && IsSelf(target, by))
            throw new InvalidInput(DeactivateSelf, "self", "You cannot deactivate yourself: another admin can.");
        if (target.Active == active) return target.Login;
        await conn.ExecuteAsync(new CommandDefinition("update staff set active = @active where id = @Id", new { active, target.Id }, tx, cancellationToken: ct));
        await StaffAudit.RecordAsync(conn, tx, target.Id, active ? "reactivated" : "deactivated", by, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return target.Login;
    }

    /// <summary>Lifts a lock-out after too many wrong passwords, without touching the password; returns his login.</summary>
    public async Task<string> UnlockAsync(string who, string by, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var target = await LockAsync(conn, tx, who, ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition("""
            update staff set locked_until = null, failed_sign_ins = 0 where id = @Id and (locked_until is not null or failed_sign_ins > 0)
            """, new { target.Id }, tx, cancellationToken: ct));
        if (changed == 0) return target.Login;
        await StaffAudit.RecordAsync(conn, tx, target.Id, "unlocked", by, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return target.Login;
    }

    public Task<IReadOnlyList<StaffChange>> HistoryAsync(int? staffId = null, int limit = 50, CancellationToken ct = default) =>
        StaffAudit.ListAsync(db, staffId, limit, ct);

    static bool IsSelf(Target target, string by) => string.Equals(target.Login, by.Trim(), StringComparison.OrdinalIgnoreCase);

    static string RoleList(IReadOnlyList<string> roles) => roles.Count == 0 ? "none" : string.Join(", ", roles);

    /// <summary>
    /// The active admins, locked (in id order, before any other staff row, so two changes never deadlock): two admins
    /// demoting each other at once cannot both see the other still there.
    /// </summary>
    static async Task<int[]> LockActiveAdminsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        (await conn.QueryAsync<int>(new CommandDefinition(
            "select id from staff where active and @admin = any(roles) order by id for update", new { admin = StaffRoles.Admin }, tx, cancellationToken: ct)))
        .ToArray();

    /// <summary>Checked before "not yourself": the last admin told that another admin can do it would look for one in vain.</summary>
    static void EnsureAnotherAdmin(Target target, int[] activeAdmins)
    {
        if (activeAdmins.Contains(target.Id) && activeAdmins.Length == 1)
            throw new Conflict(LastAdmin, $"{target.Login} is the last active admin: without one nobody can manage staff. Make someone else admin first.");
    }

    static async Task<Target> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string who, CancellationToken ct)
    {
        var id = await StaffLookup.IdAsync(conn, who, ct);
        return await conn.QuerySingleAsync<Target>(new CommandDefinition(
            "select id, login, active, roles from staff where id = @id for update", new { id }, tx, cancellationToken: ct));
    }

    sealed class Target
    {
        public int Id { get; init; }
        public string Login { get; init; } = "";
        public bool Active { get; init; }
        public string[] Roles { get; init; } = [];
    }
}
