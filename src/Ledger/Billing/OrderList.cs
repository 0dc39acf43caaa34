using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

public sealed class OrderRow
{
    public int Id { get; init; }
    public long OrderNumber { get; init; }
    public int ClientId { get; init; }
    public string ClientName { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Status { get; init; } = "";
    public decimal Amount { get; init; }
    public long? InvoiceId { get; init; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>Orders with how many the filter selects in all (the header's «Ожидающие заказы» and its list).</summary>
public sealed record OrderListing(IReadOnlyList<OrderRow> Orders, int Count);

/// <summary>Orders as staff look for them. Read-only. A manager id limits them to his clients (sales or personal manager).</summary>
public sealed class OrderList(NpgsqlDataSource db)
{
    public static readonly RefusalCode OrderStatusUnknown = new("order.status-unknown");
    static readonly string[] Statuses = ["pending", "active", "fraud", "cancelled"];

    public async Task<OrderListing> ListAsync(string? status = null, int? managerId = null, int limit = 200, CancellationToken ct = default)
    {
        if (status is not null && !Statuses.Contains(status))
            throw new InvalidInput(OrderStatusUnknown, "status", $"An order's status is one of {string.Join(", ", Statuses)}, not '{status}'.");
        const string where = """
            from orders o join clients c on c.id = o.client_id
            where (@status::text is null or o.status = @status)
              and (@managerId::int is null or c.sales_manager_id = @managerId or c.personal_manager_id = @managerId)
            """;
        var args = new { status, managerId, limit };
        await using var conn = await db.OpenConnectionAsync(ct);
        var count = await conn.ExecuteScalarAsync<int>(new CommandDefinition("select count(*)::int " + where, args, cancellationToken: ct));
        var rows = limit == 0 ? [] : (await conn.QueryAsync<OrderRow>(new CommandDefinition($"""
            select o.id, o.order_number, o.client_id,
                   coalesce(c.company_name, nullif(trim(c.first_name || ' ' || c.last_name), ''), '#' || c.id) as client_name,
                   o.kind, o.status, o.amount, o.invoice_id, o.created_at
            {where}
            order by o.created_at desc, o.id desc limit @limit
            """, args, cancellationToken: ct))).ToList();
        return new OrderListing(rows, count);
    }
}
