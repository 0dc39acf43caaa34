using Dapper;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using Npgsql;

namespace BackOffice.Sync.Bank;

public sealed class ClaimRow
{
    public long Id { get; init; }
    public string Inn { get; init; } = "";
    public string Number { get; init; } = "";
    public DateOnly PaidOn { get; init; }
    public decimal Amount { get; init; }
    public int ManagerId { get; init; }
    public string Manager { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public long? FoundDocumentId { get; init; }
    public DateTime? CancelledAt { get; init; }
    public string? CancelReason { get; init; }

    /// <summary>The cancellation was done and rolled back (claim cancel --dry-run): this is what the claim would become.</summary>
    public bool DryRun { get; internal set; }

    /// <summary>open: still looked for; found: the payment arrived; cancelled: no longer looked for.</summary>
    public string Status => CancelledAt is not null ? "cancelled" : FoundDocumentId is not null ? "found" : "open";
}

/// <summary>The payment claims treasury and managers follow: listed by status, and cancelled (with a reason) when no longer wanted.</summary>
public sealed class PaymentClaimList(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly RefusalCode StatusUnknown = new("claim.status-unknown");
    public static readonly RefusalCode CancelReasonMissing = new("claim.cancel-reason-missing");
    public static readonly RefusalCode ClaimMissing = new("claim.missing");
    public static readonly RefusalCode AlreadyCancelled = new("claim.already-cancelled");
    public static readonly RefusalCode AlreadyFound = new("claim.already-found");
    public async Task<IReadOnlyList<ClaimRow>> ListAsync(string? status, CancellationToken ct = default)
    {
        if (status is not (null or "open" or "found" or "cancelled"))
            throw new InvalidInput(StatusUnknown, "status", $"A claim's status is open, found or cancelled, not '{status}'.");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ListAsync(conn, null, status, null, ct);
    }

    static async Task<IReadOnlyList<ClaimRow>> ListAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string? status, long? id, CancellationToken ct) =>
        (await conn.QueryAsync<ClaimRow>(new CommandDefinition("""
            select c.id, c.inn, c.number, c.paid_on, c.amount, c.manager_id, s.full_name as manager, c.created_at, c.created_by, c.found_document_id,
                   c.cancelled_at, c.cancel_reason
            from payment_claims c join staff s on s.id = c.manager_id
            where (@id::bigint is null or c.id = @id)
              and (@status::text is null
               or (@status = 'cancelled' and c.cancelled_at is not null)
               or (@status = 'found' and c.cancelled_at is null and c.found_document_id is not null)
               or (@status = 'open' and c.cancelled_at is null and c.found_document_id is null))
            order by c.id desc
            """, new { status, id }, tx, cancellationToken: ct))).ToList();

    public async Task<ClaimRow> CancelAsync(long id, string reason, string by, CancellationToken ct = default, bool dryRun = false)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInput(CancelReasonMissing, "reason", "Say why the claim is cancelled (--reason).");
        return await Rehearsal.RunAsync(db, dryRun, async (conn, tx) =>
        {
            var claim = await conn.QuerySingleOrDefaultAsync<(long? Found, DateTime? Cancelled)?>(new CommandDefinition(
                "select found_document_id, cancelled_at from payment_claims where id = @id for update", new { id }, tx, cancellationToken: ct))
                ?? throw new NotFound(ClaimMissing, $"There is no payment claim #{id}.");
            if (claim.Cancelled is not null) throw new Conflict(AlreadyCancelled, $"Payment claim #{id} is already cancelled.");
            if (claim.Found is { } doc) throw new Conflict(AlreadyFound, $"Payment claim #{id} was found already (bank document #{doc}); there is nothing to cancel.");
            await conn.ExecuteAsync(new CommandDefinition(
                "update payment_claims set cancelled_at = @now, cancelled_by = @by, cancel_reason = @reason where id = @id",
                new { id, now = clock.GetUtcNow().UtcDateTime, by, reason = reason.Trim() }, tx, cancellationToken: ct));
            var row = (await ListAsync(conn, tx, null, id, ct)).Single();
            row.DryRun = dryRun;
            return row;
        }, ct);
    }
}
