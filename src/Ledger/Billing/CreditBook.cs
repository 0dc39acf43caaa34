using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

public sealed record CreditEntry(long Id, DateOnly Date, decimal Amount, string Reason, long? InvoiceId, long? PaymentId, string By);

public sealed record CreditStatement(int ClientId, string ClientName, decimal Balance, IReadOnlyList<CreditEntry> Entries);

public sealed record CreditChange(int ClientId, decimal Amount, decimal BalanceBefore, decimal BalanceAfter, string Reason, bool DryRun);

/// <summary>A client's credit by hand: every change has a reason and an author, and the balance never goes below zero.</summary>
public sealed class CreditBook(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<CreditStatement> ShowAsync(int clientId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var (name, balance) = await conn.QuerySingleOrDefaultAsync<(string, decimal)?>(new CommandDefinition("""
            select coalesce(nullif(company_name, ''), trim(first_name || ' ' || last_name)), credit_balance from clients where id = @clientId
            """, new { clientId }, cancellationToken: ct)) ?? throw new NotFound($"There is no client #{clientId}.");
        var entries = (await conn.QueryAsync<CreditEntry>(new CommandDefinition("""
            select id, occurred_on as date, amount, reason, invoice_id, payment_id, created_by as by
            from credit_ledger where client_id = @clientId order by id
            """, new { clientId }, cancellationToken: ct))).ToList();
        return new CreditStatement(clientId, name, balance, entries);
    }

    public Task<CreditChange> AddAsync(int clientId, decimal amount, string reason, string by, bool dryRun, CancellationToken ct = default) =>
        ChangeAsync(clientId, amount, reason, by, dryRun, ct);

    public Task<CreditChange> RemoveAsync(int clientId, decimal amount, string reason, string by, bool dryRun, CancellationToken ct = default) =>
        ChangeAsync(clientId, -amount, reason, by, dryRun, ct);

    Task<CreditChange> ChangeAsync(int clientId, decimal signed, string reason, string by, bool dryRun, CancellationToken ct)
    {
        var amount = Math.Abs(signed);
        if (amount <= 0 || Money.Round(amount) != amount)
            throw new InvalidInput("amount", $"A credit change is more than zero in roubles and kopecks, not {amount}.");
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInput("reason", "Say why the credit changes (--reason).");
        return Rehearsal.RunAsync(db, dryRun, async (conn, tx) =>
        {
            var before = await conn.ExecuteScalarAsync<decimal?>(new CommandDefinition(
                             "select credit_balance from clients where id = @clientId for update", new { clientId }, tx, cancellationToken: ct))
                         ?? throw new NotFound($"There is no client #{clientId}.");
            if (before + signed < 0)
                throw new Conflict($"Client #{clientId} holds {Money.Format(before)} of credit; {Money.Format(amount)} cannot be taken off it.");
            await CreditMoves.MoveAsync(conn, tx, clientId, BusinessDay.Today(clock), signed, reason.Trim(), null, null, by, ct);
            return new CreditChange(clientId, signed, before, before + signed, reason.Trim(), dryRun);
        }, ct);
    }
}
