using Dapper;
using Npgsql;

namespace BackOffice.Sync.Accounting;

/// <summary>An outbox item the relay holds: the oldest waiting change of one invoice.</summary>
public sealed record ClaimedItem(long Id, long InvoiceId, string Kind, int Attempts);

/// <summary>
/// The relay's side of the outbox (destination 'onec'). Items are claimed with FOR UPDATE SKIP LOCKED and leased until
/// <c>locked_until</c>, so concurrent relays never take the same invoice, and a relay that dies mid-call leaves its
/// items to the next one when the lease runs out. Only the oldest open item of an invoice is claimable: order per invoice.
/// </summary>
public sealed class RelayQueue(NpgsqlDataSource db, TimeSpan? lease = null)
{
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(5);
    readonly TimeSpan _lease = lease ?? DefaultLease;

    public async Task<IReadOnlyList<ClaimedItem>> ClaimAsync(DateTime now, int batch, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var items = (await conn.QueryAsync<ClaimedItem>(new CommandDefinition("""
            with heads as (
                select distinct on (aggregate_id) id from outbox
                where destination = 'onec' and processed_at is null
                order by aggregate_id, id
            ), ready as (
                -- an item never tried is due at once; next_attempt_at only spaces out retries
                select o.id from outbox o join heads h on h.id = o.id
                where o.gave_up_at is null and (o.attempts = 0 or o.next_attempt_at <= @now) and (o.locked_until is null or o.locked_until < @now)
                order by o.next_attempt_at, o.id
                limit @batch
                for update of o skip locked
            )
            update outbox o set locked_until = @until from ready where o.id = ready.id
            returning o.id, o.aggregate_id as invoice_id, o.kind, o.attempts
            """, new { now, batch, until = now + _lease }, tx, cancellationToken: ct))).OrderBy(i => i.Id).ToList();
        await tx.CommitAsync(ct);
        return items;
    }

    /// <summary>The invoice's state up to <paramref name="lastEventId"/> is in 1C: record it and close those items, in one transaction.</summary>
    public async Task CompleteAsync(ClaimedItem item, MirroredInvoice? mirrored, long lastEventId, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (mirrored is not null)
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into onec_invoices (invoice_id, number, year, ref_key, contractor_key, total, deleted, content_hash, sales_ref_key, synced_at)
                values (@InvoiceId, @Number, @Year, @RefKey, @ContractorKey, @Total, @Deleted, @ContentHash, @SalesRefKey, @now)
                on conflict (invoice_id) do update set number = excluded.number, year = excluded.year, ref_key = excluded.ref_key,
                    contractor_key = excluded.contractor_key, total = excluded.total, deleted = excluded.deleted,
                    content_hash = excluded.content_hash, sales_ref_key = excluded.sales_ref_key, synced_at = excluded.synced_at;
                update invoices set onec_key = @RefKey where id = @InvoiceId and onec_key is distinct from @RefKey;
                """, new { mirrored.InvoiceId, mirrored.Number, mirrored.Year, mirrored.RefKey, mirrored.ContractorKey, mirrored.Total,
                    mirrored.Deleted, mirrored.ContentHash, mirrored.SalesRefKey, now }, tx, cancellationToken: ct));
        }
        await conn.ExecuteAsync(new CommandDefinition("""
            update outbox set processed_at = @now, locked_until = null, last_error = null
            where destination = 'onec' and aggregate_id = @InvoiceId and processed_at is null and id <= @last;
            update onec_sync_state set last_success_at = @now;
            """, new { item.InvoiceId, last = Math.Max(lastEventId, item.Id), now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>An item that is not about an invoice, done with nothing sent.</summary>
    public async Task CloseAsync(ClaimedItem item, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update outbox set processed_at = @now, locked_until = null, last_error = null where id = @Id",
            new { item.Id, now }, cancellationToken: ct));
    }

    /// <summary>A failed attempt: back off (doubling from <paramref name="firstDelay"/>, at most an hour), or give up after the last attempt.</summary>
    public async Task<bool> FailAsync(ClaimedItem item, string error, DateTime now, int maxAttempts, TimeSpan firstDelay, bool giveUpNow,
        CancellationToken ct)
    {
        var attempts = item.Attempts + 1;
        var gaveUp = giveUpNow || attempts >= maxAttempts;
        var delay = TimeSpan.FromSeconds(Math.Min(3600, firstDelay.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 20))));
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            update outbox set attempts = @attempts, last_error = @error, locked_until = null, next_attempt_at = @next,
                              gave_up_at = case when @gaveUp then @now end
            where id = @Id;
            update onec_sync_state set last_error_at = @now, last_error = @error;
            """, new { item.Id, attempts, error, next = now + delay, gaveUp, now }, cancellationToken: ct));
        return gaveUp;
    }

    /// <summary>Back in the queue untouched (no attempt counted): the client's contractor waits for a fix, or the run stopped.</summary>
    public async Task ReleaseAsync(IEnumerable<ClaimedItem> items, string? error, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update outbox set locked_until = null, last_error = coalesce(@error, last_error) where id = any(@ids)",
            new { ids = items.Select(i => i.Id).ToArray(), error }, cancellationToken: ct));
    }

    /// <summary>Gave-up items of one invoice, or all, back into the queue with their attempts reset, recording who put them back.</summary>
    public async Task<int> RetryAsync(long? invoiceId, string by, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(by)) throw new BackOffice.Ledger.InvalidInput("by", "Who sends again must be named (--by).");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            update outbox set gave_up_at = null, attempts = 0, next_attempt_at = @now, locked_until = null, retried_at = @now, retried_by = @by
            where destination = 'onec' and processed_at is null and (gave_up_at is not null or attempts > 0)
              and (@invoiceId::bigint is null or aggregate_id = @invoiceId)
            """, new { invoiceId, now, by = by.Trim() }, cancellationToken: ct));
    }
}
