using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

public sealed record PaymentFilter
{
    public int? ClientId { get; init; }
    public long? InvoiceNumber { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Method { get; init; }
    public int Limit { get; init; } = 500;
}

public sealed class PaymentRow
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public int ClientId { get; init; }
    public string ClientName { get; init; } = "";
    public long? InvoiceNumber { get; init; }
    public DateOnly Date { get; init; }
    public decimal Amount { get; init; }
    public string Method { get; init; } = "";
    public string? Reference { get; init; }
    public long? RefundOf { get; init; }
    public decimal Refunded { get; init; }
}

/// <summary>Received minus refunded over every row the filter selects.</summary>
public sealed record PaymentTotals(int Count, decimal Received, decimal Refunded);

public sealed record PaymentListing(IReadOnlyList<PaymentRow> Payments, PaymentTotals Totals);

public sealed class PaymentList(NpgsqlDataSource db)
{
    public async Task<PaymentListing> ListAsync(PaymentFilter f, CancellationToken ct = default)
    {
        if (f.Limit <= 0) throw new InvalidInput("limit", "--limit must be more than zero.");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (f.ClientId is { } c && await conn.ExecuteScalarAsync<int?>(new CommandDefinition("select 1 from clients where id = @c", new { c }, cancellationToken: ct)) is null)
            throw new NotFound($"There is no client #{c}.");
        if (f.InvoiceNumber is { } n && await conn.ExecuteScalarAsync<int?>(new CommandDefinition("select 1 from invoices where number = @n", new { n }, cancellationToken: ct)) is null)
            throw new NotFound($"There is no invoice № {n}.");
        const string where = """
            from payments p join clients c on c.id = p.client_id left join invoices i on i.id = p.invoice_id
            where (@ClientId::int is null or p.client_id = @ClientId) and (@InvoiceNumber::bigint is null or i.number = @InvoiceNumber)
              and (@From::date is null or p.paid_on >= @From) and (@To::date is null or p.paid_on <= @To)
              and (@Method::text is null or lower(p.method) = lower(@Method))
            """;
        var rows = (await conn.QueryAsync<PaymentRow>(new CommandDefinition($"""
            select p.id, p.kind, p.client_id, coalesce(nullif(c.company_name, ''), trim(c.first_name || ' ' || c.last_name)) as client_name,
                   i.number as invoice_number, p.paid_on as date, p.amount, p.method, p.reference, p.refund_of,
                   (select coalesce(sum(r.amount), 0) from payments r where r.refund_of = p.id) as refunded
            {where}
            order by p.paid_on desc, p.id desc limit @Limit
            """, f, cancellationToken: ct))).ToList();
        var totals = await conn.QuerySingleAsync<PaymentTotals>(new CommandDefinition($"""
            select count(*)::int as count, coalesce(sum(p.amount) filter (where p.kind = 'payment'), 0) as received,
                   coalesce(sum(p.amount) filter (where p.kind = 'refund'), 0) as refunded
            {where}
            """, f, cancellationToken: ct));
        return new PaymentListing(rows, totals);
    }
}
