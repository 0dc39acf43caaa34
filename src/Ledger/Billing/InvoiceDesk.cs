using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>What publishing or cancelling did (or, in a dry run, would do) to the invoice and the client's credit.</summary>
public sealed record InvoiceOutcome(Invoice Invoice, decimal CreditBefore, decimal CreditAfter, bool DryRun);

/// <summary>
/// Publishing and cancelling as staff ask for them, by draft id or printed number, run through the same engine steps as
/// <see cref="InvoiceBook"/> (InvoiceWriter) in one transaction that a dry run rolls back.
/// </summary>
public sealed class InvoiceDesk(NpgsqlDataSource db, TimeProvider clock)
{
    public Task<InvoiceOutcome> PublishAsync(long draftId, string by, bool dryRun, CancellationToken ct = default) =>
        Rehearsal.RunAsync(db, dryRun, async (conn, tx) =>
        {
            var before = await InvoiceWriter.LockClientThenInvoiceAsync(conn, tx, draftId, ct);
            var credit = await CreditAsync(conn, tx, before.ClientId, ct);
            await InvoiceWriter.PublishAsync(conn, tx, draftId, clock.GetUtcNow().UtcDateTime, by, ct);
            return new InvoiceOutcome(await InvoiceWriter.LockAsync(conn, tx, draftId, ct), credit, await CreditAsync(conn, tx, before.ClientId, ct), dryRun);
        }, ct);

    public Task<InvoiceOutcome> CancelAsync(long number, string by, bool dryRun, CancellationToken ct = default) =>
        Rehearsal.RunAsync(db, dryRun, async (conn, tx) =>
        {
            var id = await IdOfAsync(conn, tx, number, ct);
            var before = await InvoiceWriter.LockClientThenInvoiceAsync(conn, tx, id, ct);
            var credit = await CreditAsync(conn, tx, before.ClientId, ct);
            await InvoiceWriter.CancelAsync(conn, tx, id, by, ct);
            return new InvoiceOutcome(await InvoiceWriter.LockAsync(conn, tx, id, ct), credit, await CreditAsync(conn, tx, before.ClientId, ct), dryRun);
        }, ct);

    /// <summary>To collections (or <paramref name="back"/> to unpaid) by number, through <see cref="InvoiceBook"/>'s rules.</summary>
    public Task<InvoiceOutcome> CollectionsAsync(long number, bool back, string by, bool dryRun, CancellationToken ct = default) =>
        Rehearsal.RunAsync(db, dryRun, async (conn, tx) =>
        {
            var id = await IdOfAsync(conn, tx, number, ct);
            var clientId = (await InvoiceWriter.LockClientThenInvoiceAsync(conn, tx, id, ct)).ClientId;
            var credit = await CreditAsync(conn, tx, clientId, ct);
            await InvoiceBook.MoveCollectionsAsync(conn, tx, id, !back, by, BusinessDay.Today(clock), ct);
            return new InvoiceOutcome(await InvoiceWriter.LockAsync(conn, tx, id, ct), credit, credit, dryRun);
        }, ct);

    /// <summary>The id behind a printed number; a missing number is said so.</summary>
    public async Task<long> IdOfAsync(long number, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await IdOfAsync(conn, null, number, ct);
    }

    static async Task<long> IdOfAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long number, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long?>(new CommandDefinition("select id from invoices where number = @number", new { number }, tx, cancellationToken: ct))
        ?? throw new NotFound($"There is no invoice № {number}.");

    static Task<decimal> CreditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<decimal>(new CommandDefinition("select credit_balance from clients where id = @clientId", new { clientId }, tx, cancellationToken: ct));
}
