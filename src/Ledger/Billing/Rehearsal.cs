using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>
/// One unit of work that changes money or services, run for real or as a dry run: the same statements in the same
/// transaction, committed or rolled back. A dry run therefore shows exactly what the real run would have done.
/// </summary>
public static class Rehearsal
{
    public static async Task<T> RunAsync<T>(NpgsqlDataSource db, bool dryRun, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var result = await work(conn, tx);
        if (dryRun) await tx.RollbackAsync(ct);
        else await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>The end of an engine's own transaction: committed, or rolled back in a dry run.</summary>
    public static Task FinishAsync(this NpgsqlTransaction tx, bool dryRun, CancellationToken ct) => dryRun ? tx.RollbackAsync(ct) : tx.CommitAsync(ct);
}
