using BackOffice.Ledger.Organisations;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Documents;

/// <summary>Reads a published invoice into the form's terms and renders it (<c>backoffice invoices pdf N</c>, the invoice mail).</summary>
public sealed class InvoiceDocuments(NpgsqlDataSource db)
{
    public async Task<(InvoiceDocument Document, byte[] Pdf)> RenderAsync(long number, CancellationToken ct = default)
    {
        var document = await LoadAsync(number, ct);
        return (document, InvoicePdf.Render(document));
    }

    /// <summary>The form's terms without rendering it (the printable web page lays them out itself).</summary>
    public async Task<InvoiceDocument> LoadAsync(long number, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("select id from invoices where number = @number", new { number }, cancellationToken: ct))
                 ?? throw new NotFound($"There is no invoice № {number}.");
        return await LoadAsync(conn, null, id, ct);
    }

    public static string FileName(long number) => $"Счет на оплату № {number}.pdf";

    public static async Task<InvoiceDocument> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long invoiceId, CancellationToken ct)
    {
        var head = await conn.QuerySingleOrDefaultAsync<Head>(new CommandDefinition("""
            select i.number, i.status, i.issue_date, i.due_date, i.total, i.credit_applied, i.vat_rate, i.vat_amount, i.organisation_id,
                   o.code as org_code, o.full_name as org_name, o.inn as org_inn, o.kpp as org_kpp, o.address as org_address,
                   o.director as org_director, o.chief_accountant as org_accountant,
                   coalesce(nullif(c.company_name, ''), trim(c.first_name || ' ' || c.last_name)) as client_name, c.inn as client_inn,
                   c.kpp as client_kpp, c.phone as client_phone,
                   nullif(concat_ws(', ', nullif(c.postcode, ''), nullif(c.city, ''), nullif(c.address1, ''), nullif(c.address2, '')), '') as client_address
            from invoices i join organisations o on o.id = i.organisation_id join clients c on c.id = i.client_id
            where i.id = @invoiceId
            """, new { invoiceId }, tx, cancellationToken: ct)) ?? throw new NotFound($"There is no invoice with id {invoiceId}.");
        if (head.Number is not { } number)
            throw new Conflict($"Invoice draft #{invoiceId} has no number yet: publish it before printing it.");
        var accounts = (await conn.QueryAsync<(string Account, string Bic, string BankName, string? CorrAccount)>(new CommandDefinition(
            "select account, bic, bank_name, corr_account from organisation_bank_accounts where organisation_id = @OrganisationId order by id",
            head, tx, cancellationToken: ct))).Select(a => new BankAccount(a.Account, a.Bic, a.BankName, a.CorrAccount)).ToList();
        var bank = SellerRequisites.Check($"{head.OrgCode} ({head.OrgName})", accounts);
        var rows = await conn.QueryAsync<(string Description, decimal Quantity, decimal? UnitPrice, decimal Amount)>(new CommandDefinition(
            "select description, quantity, unit_price, amount from invoice_lines where invoice_id = @invoiceId and adds_to_total order by line_no",
            new { invoiceId }, tx, cancellationToken: ct));
        var lines = rows.Select((r, i) => new DocumentLine(i + 1, r.Description, r.Quantity == 0 ? 1 : r.Quantity, "усл.",
            r.UnitPrice ?? (r.Quantity is 0 or 1 ? r.Amount : Billing.Money.Round(r.Amount / r.Quantity)), r.Amount)).ToList();
        return new InvoiceDocument(number, head.IssueDate, head.DueDate,
            new Party(head.OrgName, head.OrgInn, head.OrgKpp, head.OrgAddress, null), bank,
            new Party(head.ClientName, head.ClientInn, head.ClientKpp, head.ClientAddress, head.ClientPhone),
            lines, head.Total, head.CreditApplied, head.VatRate, head.VatAmount)
        {
            Director = head.OrgDirector, Accountant = head.OrgAccountant,
        };
    }

    sealed class Head
    {
        public long? Number { get; set; }
        public string Status { get; set; } = "";
        public DateOnly IssueDate { get; set; }
        public DateOnly DueDate { get; set; }
        public decimal Total { get; set; }
        public decimal CreditApplied { get; set; }
        public decimal? VatRate { get; set; }
        public decimal VatAmount { get; set; }
        public int OrganisationId { get; set; }
        public string OrgCode { get; set; } = "";
        public string OrgName { get; set; } = "";
        public string? OrgInn { get; set; }
        public string? OrgKpp { get; set; }
        public string? OrgAddress { get; set; }
        public string? OrgDirector { get; set; }
        public string? OrgAccountant { get; set; }
        public string ClientName { get; set; } = "";
        public string? ClientInn { get; set; }
        public string? ClientKpp { get; set; }
        public string? ClientPhone { get; set; }
        public string? ClientAddress { get; set; }
    }
}
