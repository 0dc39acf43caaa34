using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Staff;

public sealed record StaffChange(long Id, int StaffId, string Login, string Change, string ChangedBy, DateTime ChangedAt);

/// <summary>
/// What was done to staff accounts, by whom and when (staff_changes): written in the same transaction as the change by
/// <see cref="StaffAccounts"/> and the password service, so a verb and the admin's page leave the same record.
/// </summary>
public static class StaffAudit
{
    public static Task RecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int staffId, string change, string by, DateTimeOffset at,
        CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            insert into staff_changes (staff_id, change, changed_by, changed_at) values (@staffId, @change, @by, @at)
            """, new { staffId, change, by = By(by), at }, tx, cancellationToken: ct));

    /// <summary>The latest changes, of one staff member or of everyone.</summary>
    public static async Task<IReadOnlyList<StaffChange>> ListAsync(NpgsqlDataSource db, int? staffId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<StaffChange>(new CommandDefinition("""
            select c.id, c.staff_id, s.login, c.change, c.changed_by, c.changed_at
            from staff_changes c join staff s on s.id = c.staff_id
            where @staffId::integer is null or c.staff_id = @staffId
            order by c.id desc limit @limit
            """, new { staffId, limit }, cancellationToken: ct))).ToList();
    }

    static string By(string by) =>
        string.IsNullOrWhiteSpace(by) ? throw new InvalidInput("by", "Who makes the change must be named (--by).") : by.Trim();
}
