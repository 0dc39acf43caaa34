using System.Text.Json;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>Ledger events for the other modules, written in the transaction of the change they report.</summary>
internal static class Outbox
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string destination, string kind, long aggregateId,
        object payload, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "insert into outbox (destination, kind, aggregate_id, payload) values (@destination, @kind, @aggregateId, @payload::jsonb)",
            new { destination, kind, aggregateId, payload = JsonSerializer.Serialize(payload, Json) }, tx, cancellationToken: ct));
}
