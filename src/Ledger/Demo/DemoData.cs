using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Demo;

/// <summary>Loads a small data set shaped like seed 003. Loading it again adds nothing.</summary>
public sealed class DemoData(NpgsqlDataSource db)
{
    public async Task<DemoCounts> LoadAsync(CancellationToken ct = default)
    {
        var asm = typeof(DemoData).Assembly;
        using var reader = new StreamReader(asm.GetManifestResourceStream("Demo/demo-data.sql")!);
        var sql = await reader.ReadToEndAsync(ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One loader at a time: two concurrent runs would both pass ON CONFLICT checks on the same ids in turn anyway,
        // but the sequence moves must not interleave.
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(1145392463)", transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
        var counts = await conn.QuerySingleAsync<DemoCounts>(new CommandDefinition("""
            select (select count(*)::int from clients) as clients, (select count(*)::int from products) as products,
                   (select count(*)::int from services) as services, (select count(*)::int from staff) as staff,
                   (select count(*)::int from organisations) as organisations
            """, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return counts;
    }
}

public sealed record DemoCounts(int Clients, int Products, int Services, int Staff, int Organisations);
