using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Staff;

/// <summary>A staff member named the way people name them: id, login or full name.</summary>
public static class StaffLookup
{
    public static async Task<int> IdAsync(NpgsqlConnection conn, string who, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            select id from staff where id::text = @who or lower(login) = lower(@who) or lower(full_name) = lower(@who) order by id limit 1
            """, new { who = who.Trim() }, cancellationToken: ct))
        ?? throw new NotFound(Refusals.StaffMissing, $"There is no staff member '{who}'. `backoffice staff list` shows them.");
}
