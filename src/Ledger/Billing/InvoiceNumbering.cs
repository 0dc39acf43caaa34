using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>Where published numbers stand: the next one to be given, and the highest any invoice carries (null: none yet).</summary>
public sealed record NumberingState(long NextNumber, long? HighestPublished);

/// <summary>
/// The published-number counter (invoice_numbering). At go-live the company is around № 72 800 in 1C, and 1C keeps the
/// same numbers: the counter must continue from there, or the first invoice collides with a historical 1C document.
/// </summary>
public sealed class InvoiceNumbering(NpgsqlDataSource db)
{
    public const long Largest = 9_999_999_999;

    public async Task<NumberingState> GetAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await StateAsync(conn, null, ct);
    }

    /// <summary>
    /// Sets the next published number. Refused at or below the highest number ever published (a cancelled invoice keeps
    /// its number): that number exists in 1C. Lowering it is allowed above that, to undo a typo before anything is numbered.
    /// </summary>
    public async Task<NumberingState> SetNextAsync(long next, CancellationToken ct = default)
    {
        EnsureRange(next, "next");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The counter row first: a publisher that took a number holds it until it commits, so the highest number read
        // below includes every invoice numbered before this change.
        await LockAsync(conn, tx, ct);
        var state = await StateAsync(conn, tx, ct);
        if (state.HighestPublished is { } highest && next <= highest)
            throw new InvalidInput("next",
                $"The next invoice number cannot be {next}: invoice № {highest} is the highest ever published, so the next number must be above {highest}.");
        await SetAsync(conn, tx, next, ct);
        await tx.CommitAsync(ct);
        return new NumberingState(next, state.HighestPublished);
    }

    /// <summary>
    /// BackOffice:Billing:FirstInvoiceNumber, for a fresh install: applied while no invoice has a number yet, and only
    /// upwards. Once anything is published the key is left alone and <see cref="SetNextAsync"/> is the way.
    /// </summary>
    public async Task<bool> ApplyFirstNumberAsync(long? first, CancellationToken ct = default)
    {
        if (first is not { } wanted) return false;
        EnsureRange(wanted, BillingOptions.Section + ":FirstInvoiceNumber");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, ct);
        var state = await StateAsync(conn, tx, ct);
        if (state.HighestPublished is not null || state.NextNumber >= wanted) return false;
        await SetAsync(conn, tx, wanted, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    static void EnsureRange(long next, string field)
    {
        if (next is < 1 or > Largest)
            throw new InvalidInput(field, $"An invoice number is between 1 and {Largest}, not {next}.");
    }

    static Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("select 1 from invoice_numbering for update", transaction: tx, cancellationToken: ct));

    static Task SetAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long next, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("update invoice_numbering set last_number = @last", new { last = next - 1 }, tx, cancellationToken: ct));

    static async Task<NumberingState> StateAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        var (last, highest) = await conn.QuerySingleAsync<(long, long?)>(new CommandDefinition(
            "select (select last_number from invoice_numbering), (select max(number) from invoices)", transaction: tx, cancellationToken: ct));
        return new NumberingState(last + 1, highest);
    }
}
