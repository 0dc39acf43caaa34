using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

public sealed partial class OrderDesk
{
    /// <summary>A closed client orders nothing, and a retired product is sold to nobody (those holding it keep it).</summary>
    static async Task EnsureOrderableAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, IEnumerable<int> productIds, CancellationToken ct)
    {
        var status = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select status from clients where id = @clientId", new { clientId }, tx, cancellationToken: ct));
        if (status == "closed")
            throw new Conflict($"Client #{clientId} is closed; a closed client cannot order. Reopen the client first (client edit --status active).");
        var ids = productIds.Distinct().ToArray();
        var retired = (await conn.QueryAsync<(int Id, string Name)>(new CommandDefinition(
            "select id, name from products where id = any(@ids) and retired order by id", new { ids }, tx, cancellationToken: ct))).ToList();
        if (retired.Count > 0)
            throw new Conflict($"{string.Join(", ", retired.Select(p => $"{p.Name} (product #{p.Id})"))} is retired and can no longer be ordered.");
    }
}
