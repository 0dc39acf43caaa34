using System.Data;
using BackOffice.Ledger.Billing;
using Dapper;
using Npgsql;

namespace BackOffice.Sync.Accounting;

/// <summary>
/// An invoice as the ledger holds it at one instant, with the newest outbox item that instant includes: marking items up
/// to <see cref="LastEventId"/> done after sending this state never hides a later change.
/// </summary>
public sealed record InvoiceSnapshot(InvoiceHead Head, IReadOnlyList<InvoiceLine> Lines, IReadOnlyDictionary<int, ProductMapping> Products,
    MirroredInvoice? Mirrored, long LastEventId)
{
    public static async Task<InvoiceSnapshot?> LoadAsync(NpgsqlDataSource db, long invoiceId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var head = await conn.QuerySingleOrDefaultAsync<InvoiceHead>(new CommandDefinition("""
            select i.id, i.number, i.status, i.issue_date, i.published_at, i.paid_date, i.total, i.vat_rate,
                   i.client_id, i.organisation_id, o.code as organisation_code, o.onec_key as organisation_key,
                   c.inn, c.kpp, c.contractor_code,
                   coalesce(nullif(c.company_name, ''), trim(c.first_name || ' ' || c.last_name)) as client_name
            from invoices i join organisations o on o.id = i.organisation_id join clients c on c.id = i.client_id
            where i.id = @invoiceId
            """, new { invoiceId }, tx, cancellationToken: ct));
        if (head is null) return null;
        var lines = (await conn.QueryAsync<StoredLine>(new CommandDefinition(
            "select * from invoice_lines where invoice_id = @invoiceId order by line_no", new { invoiceId }, tx, cancellationToken: ct)))
            .Select(l => l.ToLine()).ToList();
        var products = (await conn.QueryAsync<ProductMapping>(new CommandDefinition("""
            select id, name, onec_nomenclature_code, onec_nomenclature_key from products
            where id in (select product_id from invoice_lines where invoice_id = @invoiceId and product_id is not null)
            """, new { invoiceId }, tx, cancellationToken: ct))).ToDictionary(p => p.Id);
        var mirrored = await conn.QuerySingleOrDefaultAsync<MirroredInvoice>(new CommandDefinition(
            "select * from onec_invoices where invoice_id = @invoiceId", new { invoiceId }, tx, cancellationToken: ct));
        var last = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select max(id) from outbox where destination = 'onec' and aggregate_id = @invoiceId and processed_at is null",
            new { invoiceId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new InvoiceSnapshot(head, lines, products, mirrored, last ?? 0);
    }
}

public sealed class InvoiceHead
{
    public long Id { get; set; }
    public long? Number { get; set; }
    public string Status { get; set; } = "";
    public DateOnly IssueDate { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateOnly? PaidDate { get; set; }
    public decimal Total { get; set; }
    public decimal? VatRate { get; set; }
    public int ClientId { get; set; }
    public int OrganisationId { get; set; }
    public string OrganisationCode { get; set; } = "";
    public Guid? OrganisationKey { get; set; }
    public string? Inn { get; set; }
    public string? Kpp { get; set; }
    public string? ContractorCode { get; set; }
    public string ClientName { get; set; } = "";
}

public sealed class ProductMapping
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? OnecNomenclatureCode { get; set; }
    public Guid? OnecNomenclatureKey { get; set; }
}

/// <summary>A row of onec_invoices: the invoice's document in 1C as last written.</summary>
public sealed class MirroredInvoice
{
    public long InvoiceId { get; set; }
    public string Number { get; set; } = "";
    public int Year { get; set; }
    public Guid RefKey { get; set; }
    public Guid ContractorKey { get; set; }
    public decimal Total { get; set; }
    public bool Deleted { get; set; }
    public string ContentHash { get; set; } = "";
    public Guid? SalesRefKey { get; set; }
    public DateTime SyncedAt { get; set; }
}
