using Dapper;
using Npgsql;

namespace BackOffice.Sync.Accounting;

/// <summary>
/// One thing that keeps invoices out of 1C and what to do about it (<c>backoffice sync problems</c>): a client whose
/// contractor does not check out, a setting 1C rejects, or an invoice the relay gave up on.
/// RetriedBy and RetriedAt: who last sent the invoice again, and when, when it was given up on again after that.
/// </summary>
public sealed record SyncProblem(string Kind, int? ClientId, string? ClientName, string Message, string Fix, IReadOnlyList<long> Invoices,
    DateTime Since, string? RetriedBy = null, DateTime? RetriedAt = null);

public sealed class SyncProblems(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<SyncProblem>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var open = await conn.QueryAsync<Row>(new CommandDefinition("""
            select p.kind, p.client_id, coalesce(nullif(c.company_name, ''), trim(c.first_name || ' ' || c.last_name)) as client_name,
                   p.message, p.fix, p.first_seen as since,
                   array(select distinct i.number from outbox o join invoices i on i.id = o.aggregate_id
                         where o.destination = 'onec' and o.processed_at is null and i.client_id = p.client_id and i.number is not null
                         order by i.number) as invoices
            from onec_problems p left join clients c on c.id = p.client_id
            where p.resolved_at is null
            order by p.client_id nulls first
            """, cancellationToken: ct));
        var gaveUp = await conn.QueryAsync<Row>(new CommandDefinition("""
            select distinct on (i.id) 'gave_up' as kind, i.client_id,
                   coalesce(nullif(c.company_name, ''), trim(c.first_name || ' ' || c.last_name)) as client_name,
                   o.last_error as message, 'Fix the cause, then: backoffice sync retry ' || i.number as fix, o.gave_up_at as since,
                   array[i.number] as invoices, o.retried_by, o.retried_at
            from outbox o join invoices i on i.id = o.aggregate_id join clients c on c.id = i.client_id
            where o.destination = 'onec' and o.processed_at is null and o.gave_up_at is not null
            order by i.id, o.id
            """, cancellationToken: ct));
        return open.Concat(gaveUp)
            .Select(r => new SyncProblem(r.Kind, r.ClientId, r.ClientName, r.Message ?? "", r.Fix, r.Invoices ?? [], r.Since, r.RetriedBy, r.RetriedAt))
            .ToList();
    }

    /// <summary>
    /// Puts the invoice numbered <paramref name="invoiceNumber"/> (or, without one, every invoice) the relay gave up on back in
    /// the queue with its attempts reset, recording <paramref name="by"/> and when; returns how many outbox items went back (0: nothing was given up or failing).
    /// </summary>
    public async Task<int> RetryAsync(long? invoiceNumber, string by, DateTime now, CancellationToken ct = default)
    {
        long? invoiceId = null;
        if (invoiceNumber is { } number)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            invoiceId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                            "select id from invoices where number = @number", new { number }, cancellationToken: ct))
                        ?? throw new BackOffice.Ledger.NotFound(BackOffice.Ledger.Refusals.InvoiceMissing, $"There is no invoice № {number}.");
        }
        return await new RelayQueue(db).RetryAsync(invoiceId, by, now, ct);
    }

    sealed class Row
    {
        public string Kind { get; set; } = "";
        public int? ClientId { get; set; }
        public string? ClientName { get; set; }
        public string? Message { get; set; }
        public string Fix { get; set; } = "";
        public DateTime Since { get; set; }
        public long[]? Invoices { get; set; }
        public string? RetriedBy { get; set; }
        public DateTime? RetriedAt { get; set; }
    }
}
