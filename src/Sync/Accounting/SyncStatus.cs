using Dapper;
using Npgsql;

namespace BackOffice.Sync.Accounting;

/// <summary><c>backoffice sync status</c>: how far the mirror is behind, and how it last went.</summary>
public sealed record MirrorStatus(bool Enabled, long Waiting, long GivenUp, DateTime? OldestWaiting, long? OldestInvoice, DateTime? LastSuccess,
    DateTime? LastErrorAt, string? LastError);

/// <summary><c>backoffice sync show N</c>: the 1C side of one invoice.</summary>
public sealed record InvoiceMirrorView(long Number, string Status, string? OnecNumber, Guid? RefKey, Guid? SalesRefKey, string State,
    int Attempts, DateTime? SyncedAt, string? LastError, string? RetriedBy = null, DateTime? RetriedAt = null);

public sealed class SyncStatus(NpgsqlDataSource db, Microsoft.Extensions.Options.IOptions<AccountingOptions> options)
{
    public async Task<MirrorStatus> GetAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleAsync<(long Waiting, long GivenUp, DateTime? Oldest, long? OldestInvoice)>(new CommandDefinition("""
            select count(*) filter (where gave_up_at is null), count(*) filter (where gave_up_at is not null), min(o.created_at),
                   (select i.number from outbox x join invoices i on i.id = x.aggregate_id
                    where x.destination = 'onec' and x.kind like 'invoice.%' and x.processed_at is null order by x.id limit 1)
            from outbox o where destination = 'onec' and processed_at is null
            """, cancellationToken: ct));
        var state = await conn.QuerySingleAsync<(DateTime? Success, DateTime? ErrorAt, string? Error)>(new CommandDefinition(
            "select last_success_at, last_error_at, last_error from onec_sync_state", cancellationToken: ct));
        return new MirrorStatus(options.Value.Enabled, row.Waiting, row.GivenUp, row.Oldest, row.OldestInvoice, state.Success, state.ErrorAt, state.Error);
    }

    public async Task<InvoiceMirrorView> ShowAsync(long number, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<InvoiceMirrorView>(new CommandDefinition("""
            select i.number, i.status, m.number as onec_number, m.ref_key, m.sales_ref_key,
                   case when exists (select 1 from outbox o where o.destination = 'onec' and o.aggregate_id = i.id and o.processed_at is null and o.gave_up_at is not null) then 'given up'
                        when exists (select 1 from outbox o where o.destination = 'onec' and o.aggregate_id = i.id and o.processed_at is null) then 'waiting'
                        when m.deleted then 'marked for deletion'
                        when m.ref_key is not null then 'in 1C'
                        else 'not sent' end as state,
                   coalesce((select max(o.attempts) from outbox o where o.destination = 'onec' and o.aggregate_id = i.id and o.processed_at is null), 0) as attempts,
                   m.synced_at,
                   (select o.last_error from outbox o where o.destination = 'onec' and o.aggregate_id = i.id and o.last_error is not null
                    order by o.id desc limit 1) as last_error,
                   r.retried_by, r.retried_at
            from invoices i
            left join lateral (select o.retried_by, o.retried_at from outbox o
                               where o.destination = 'onec' and o.aggregate_id = i.id and o.retried_at is not null
                               order by o.retried_at desc, o.id desc limit 1) r on true
            left join onec_invoices m on m.invoice_id = i.id
            where i.number = @number
            """, new { number }, cancellationToken: ct))
            ?? throw new BackOffice.Ledger.NotFound(BackOffice.Ledger.Refusals.InvoiceMissing, $"There is no invoice № {number}.");
    }
}
