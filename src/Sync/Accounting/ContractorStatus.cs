using Dapper;
using Npgsql;

namespace BackOffice.Sync.Accounting;

/// <summary>
/// A client's contractor as the mirror knows it (the client's card): the code, the 1C contractor its invoices were written
/// on, how many of its invoices are in 1C, waiting or given up, and the open problem that holds them back, with its fix.
/// </summary>
public sealed record ContractorState(int ClientId, string? ContractorCode, Guid? ContractorKey, int InvoicesIn1C, int Waiting, int GivenUp,
    DateTime? LastSyncedAt, ContractorIssue? Problem)
{
    /// <summary>One word for the card: the problem first, then what waits, then whether anything reached 1C.</summary>
    public string State => Problem is not null ? "problem" : GivenUp > 0 ? "given up" : Waiting > 0 ? "waiting" : InvoicesIn1C > 0 ? "in 1C" : "not sent";
}

public sealed record ContractorIssue(string Kind, string Message, string Fix, DateTime Since);

public sealed class ContractorStatus(NpgsqlDataSource db)
{
    public async Task<ContractorState> ForClientAsync(int clientId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            select c.id as client_id, c.contractor_code,
                   (select m.contractor_key from onec_invoices m join invoices i on i.id = m.invoice_id
                    where i.client_id = c.id order by m.synced_at desc limit 1) as contractor_key,
                   (select count(*)::int from onec_invoices m join invoices i on i.id = m.invoice_id
                    where i.client_id = c.id and not m.deleted) as invoices_in_1c,
                   (select max(m.synced_at) from onec_invoices m join invoices i on i.id = m.invoice_id where i.client_id = c.id) as last_synced_at,
                   (select count(distinct o.aggregate_id)::int from outbox o join invoices i on i.id = o.aggregate_id
                    where o.destination = 'onec' and o.processed_at is null and o.gave_up_at is null and i.client_id = c.id) as waiting,
                   (select count(distinct o.aggregate_id)::int from outbox o join invoices i on i.id = o.aggregate_id
                    where o.destination = 'onec' and o.processed_at is null and o.gave_up_at is not null and i.client_id = c.id) as given_up,
                   p.kind, p.message, p.fix, p.first_seen
            from clients c left join onec_problems p on p.client_id = c.id and p.resolved_at is null
            where c.id = @clientId
            """, new { clientId }, cancellationToken: ct)) ?? throw new BackOffice.Ledger.NotFound(BackOffice.Ledger.Refusals.ClientMissing, $"There is no client #{clientId}.");
        var problem = row.Kind is null ? null : new ContractorIssue(row.Kind, row.Message ?? "", row.Fix ?? "", row.FirstSeen ?? default);
        return new ContractorState(row.ClientId, row.ContractorCode, row.ContractorKey, row.InvoicesIn1C, row.Waiting, row.GivenUp, row.LastSyncedAt, problem);
    }

    sealed class Row
    {
        public int ClientId { get; set; }
        public string? ContractorCode { get; set; }
        public Guid? ContractorKey { get; set; }
        public int InvoicesIn1C { get; set; }
        public DateTime? LastSyncedAt { get; set; }
        public int Waiting { get; set; }
        public int GivenUp { get; set; }
        public string? Kind { get; set; }
        public string? Message { get; set; }
        public string? Fix { get; set; }
        public DateTime? FirstSeen { get; set; }
    }
}
