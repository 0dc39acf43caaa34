using BackOffice.Ledger.Billing;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Clients;

/// <summary>
/// A client as a manager opens it (<c>client show</c>): the summary figures, the services held, the open invoices with the
/// balance still due after partial payments and credit, and every note, important ones first.
/// </summary>
public sealed record ClientOverview(ClientSummary Summary, IReadOnlyList<ServiceRow> HeldServices, IReadOnlyList<InvoiceRow> OpenInvoices,
    decimal BalanceDue, IReadOnlyList<ClientNote> Notes);

public sealed class ClientFile(NpgsqlDataSource db, ClientBook clients, ServiceBook services)
{
    public async Task<ClientOverview> OpenAsync(int clientId, CancellationToken ct = default)
    {
        var summary = await clients.SummaryAsync(clientId, ct);
        var held = await services.ListAsync(clientId, ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        var open = (await conn.QueryAsync<InvoiceRow>(new CommandDefinition("""
            select i.id, i.number, i.client_id, o.name as organisation, i.status, i.issue_date, i.due_date, i.total, i.amount_paid, i.credit_applied,
                   i.total - i.credit_applied - i.amount_paid as balance_due
            from invoices i join organisations o on o.id = i.organisation_id
            where i.client_id = @clientId and i.status in ('unpaid', 'collections') order by i.due_date, i.number
            """, new { clientId }, cancellationToken: ct))).ToList();
        var notes = (await clients.NotesAsync(clientId, ct)).OrderByDescending(n => n.Important).ThenByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).ToList();
        return new ClientOverview(summary, held, open, open.Sum(i => i.BalanceDue), notes);
    }
}
