using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Staff;

/// <summary>
/// Whether a client is a manager's own: he is its sales or its personal manager (the same rule `invoices list --manager`
/// applies). The web pages ask before showing a manager a client, an invoice or a ticket.
/// </summary>
public sealed class ManagedClients(NpgsqlDataSource db)
{
    const string Owns = "(c.sales_manager_id = @managerId or c.personal_manager_id = @managerId)";

    public Task<bool> ClientAsync(int managerId, int clientId, CancellationToken ct = default) =>
        AnyAsync($"select exists(select 1 from clients c where c.id = @id and {Owns})", managerId, clientId, ct);

    public Task<bool> InvoiceAsync(int managerId, long invoiceId, CancellationToken ct = default) =>
        AnyAsync($"select exists(select 1 from invoices i join clients c on c.id = i.client_id where i.id = @id and {Owns})", managerId, invoiceId, ct);

    public Task<bool> InvoiceNumberAsync(int managerId, long number, CancellationToken ct = default) =>
        AnyAsync($"select exists(select 1 from invoices i join clients c on c.id = i.client_id where i.number = @id and {Owns})", managerId, number, ct);

    public Task<bool> TicketAsync(int managerId, int ticketNumber, CancellationToken ct = default) =>
        AnyAsync($"select exists(select 1 from tickets t join clients c on c.id = t.client_id where t.number = @id and {Owns})", managerId, ticketNumber, ct);

    async Task<bool> AnyAsync(string sql, int managerId, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new { managerId, id }, cancellationToken: ct));
    }
}
