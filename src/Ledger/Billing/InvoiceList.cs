using BackOffice.Ledger.Staff;
using System.Data;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>Which invoices to list; null members do not filter. Manager is a staff login, name or id (sales or personal manager).</summary>
public sealed record InvoiceFilter
{
    public int? ClientId { get; init; }
    public string? Manager { get; init; }
    public string? Status { get; init; }
    public bool Overdue { get; init; }
    public string? Organisation { get; init; }
    public DateOnly? IssuedFrom { get; init; }
    public DateOnly? IssuedTo { get; init; }
    public DateOnly? DueFrom { get; init; }
    public DateOnly? DueTo { get; init; }
    public int Limit { get; init; } = 500;
    /// <summary>Rows to skip before the first one shown (a page further on); the totals are over all of them.</summary>
    public int Offset { get; init; }
}

public sealed class InvoiceRow
{
    public long Id { get; init; }
    public long? Number { get; init; }
    public int ClientId { get; init; }
    public string ClientName { get; init; } = "";
    public string Organisation { get; init; } = "";
    public string Status { get; init; } = "";
    public DateOnly IssueDate { get; init; }
    public DateOnly DueDate { get; init; }
    public decimal Total { get; init; }
    public decimal AmountPaid { get; init; }
    public decimal CreditApplied { get; init; }
    public decimal BalanceDue { get; init; }
}

/// <summary>Totals over every invoice the filter selects, not only the rows shown under the limit.</summary>
public sealed record InvoiceTotals(int Count, decimal Total, decimal Paid, decimal BalanceDue);

public sealed record InvoiceListing(IReadOnlyList<InvoiceRow> Invoices, InvoiceTotals Totals);

/// <summary>A payment or refund recorded against an invoice, or a move of credit onto or off it.</summary>
public sealed record InvoicePayment(long Id, string Kind, DateOnly Date, decimal Amount, string Method, string? Reference, long? RefundOf, string By);

public sealed record InvoiceCreditMove(long Id, DateOnly Date, decimal Amount, string Reason, string By);

/// <summary>An invoice with the money that touched it (<c>invoices show</c>).</summary>
public sealed record InvoiceDetail(InvoiceView View, IReadOnlyList<InvoicePayment> Payments, IReadOnlyList<InvoiceCreditMove> Credit);

/// <summary>Invoices as a manager or treasury looks for them. Read-only; the web pages list with the same method.</summary>
public sealed class InvoiceList(NpgsqlDataSource db, InvoiceBook book, TimeProvider clock)
{
    public static readonly RefusalCode InvoiceStatusUnknown = new("invoice.status-unknown");
    static readonly string[] Statuses = ["draft", "unpaid", "paid", "cancelled", "refunded", "collections"];

    public async Task<InvoiceListing> ListAsync(InvoiceFilter f, CancellationToken ct = default)
    {
        if (f.Limit <= 0) throw new InvalidInput("limit", "--limit must be more than zero.");
        if (f.Offset < 0) throw new InvalidInput("offset", "The offset cannot be negative.");
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = await ArgsAsync(conn, f, ct);
        // The rows and the totals are read from one snapshot, so the totals add up to what the pages show. The totals run
        // serially: a parallel scan of 200,000 invoices took 2-3 times as long as one process (115-200 ms against 40-55 ms
        // with other work on two cores), and a page that takes every core for one user slows everyone else's.
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await conn.ExecuteAsync(new CommandDefinition("set transaction read only; set local max_parallel_workers_per_gather = 0", transaction: tx, cancellationToken: ct));
        var rows = (await conn.QueryAsync<InvoiceRow>(new CommandDefinition($"""
            select i.id, i.number, i.client_id, coalesce(nullif(c.company_name, ''), trim(c.first_name || ' ' || c.last_name)) as client_name,
                   o.name as organisation, i.status, i.issue_date, i.due_date, i.total, i.amount_paid, i.credit_applied,
                   case when i.status in ('unpaid', 'collections', 'draft') then i.total - i.credit_applied - i.amount_paid else 0 end as balance_due
            from invoices i join clients c on c.id = i.client_id join organisations o on o.id = i.organisation_id
            {Where}
            order by i.issue_date desc, i.id desc limit @Limit offset @Offset
            """, args, tx, cancellationToken: ct))).ToList();
        var totals = await conn.QuerySingleAsync<InvoiceTotals>(new CommandDefinition($"""
            select count(*)::int as count, coalesce(sum(i.total), 0) as total, coalesce(sum(i.amount_paid), 0) as paid,
                   coalesce(sum(case when i.status in ('unpaid', 'collections') then i.total - i.credit_applied - i.amount_paid else 0 end), 0) as balance_due
            from invoices i {Where}
            """, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new InvoiceListing(rows, totals);
    }

    /// <summary>How many invoices <see cref="ListAsync"/> selects, without the rows or the sums (the header's «Просроченные счета»).</summary>
    public async Task<int> CountAsync(InvoiceFilter f, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = await ArgsAsync(conn, f, ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition($"select count(*)::int from invoices i {Where}", args, cancellationToken: ct));
    }

    // Over invoices alone, so that a count or the totals read no other table unless a filter needs it; the overdue rule
    // matches the partial index invoices_overdue (migration 0020).
    const string Where = """
        where (@ClientId::int is null or i.client_id = @ClientId)
          and (@managerId::int is null or i.client_id in (select id from clients where sales_manager_id = @managerId or personal_manager_id = @managerId))
          and (@Status::text is null or i.status = @Status)
          and (not @Overdue or (i.status in ('unpaid', 'collections') and i.due_date < @today))
          and (@organisationId::int is null or i.organisation_id = @organisationId)
          and (@IssuedFrom::date is null or i.issue_date >= @IssuedFrom) and (@IssuedTo::date is null or i.issue_date <= @IssuedTo)
          and (@DueFrom::date is null or i.due_date >= @DueFrom) and (@DueTo::date is null or i.due_date <= @DueTo)
        """;

    async Task<object> ArgsAsync(NpgsqlConnection conn, InvoiceFilter f, CancellationToken ct)
    {
        if (f.Status is { } s && !Statuses.Contains(s))
            throw new InvalidInput(InvoiceStatusUnknown, "status", $"An invoice's status is one of {string.Join(", ", Statuses)}, not '{s}'.");
        int? managerId = f.Manager is { } m ? await StaffLookup.IdAsync(conn, m, ct) : null;
        int? organisationId = f.Organisation is { } o ? await OrganisationIdAsync(conn, o, ct) : null;
        if (f.ClientId is { } c && await conn.ExecuteScalarAsync<int?>(new CommandDefinition("select 1 from clients where id = @c", new { c }, cancellationToken: ct)) is null)
            throw new NotFound(Refusals.ClientMissing, $"There is no client #{c}.");
        return new
        {
            f.ClientId, managerId, f.Status, f.Overdue, organisationId, f.IssuedFrom, f.IssuedTo, f.DueFrom, f.DueTo, f.Limit, f.Offset,
            today = BusinessDay.Today(clock),
        };
    }

    /// <summary>The invoice by number (or id for a draft), with its payments, refunds and credit.</summary>
    public async Task<InvoiceDetail> DetailAsync(long numberOrId, bool byId, CancellationToken ct = default)
    {
        var view = byId ? await book.GetAsync(numberOrId, ct) : await book.FindByNumberAsync(numberOrId, ct);
        await using var conn = await db.OpenConnectionAsync(ct);
        var id = view.Invoice.Id;
        var payments = (await conn.QueryAsync<InvoicePayment>(new CommandDefinition("""
            select id, kind, paid_on as date, amount, method, reference, refund_of, created_by as by
            from payments where invoice_id = @id order by paid_on, id
            """, new { id }, cancellationToken: ct))).ToList();
        var credit = (await conn.QueryAsync<InvoiceCreditMove>(new CommandDefinition("""
            select id, occurred_on as date, amount, reason, created_by as by from credit_ledger where invoice_id = @id order by id
            """, new { id }, cancellationToken: ct))).ToList();
        return new InvoiceDetail(view, payments, credit);
    }

    static async Task<int> OrganisationIdAsync(NpgsqlConnection conn, string organisation, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            select id from organisations where id::text = @organisation or lower(code) = lower(@organisation) or lower(name) = lower(@organisation)
            """, new { organisation = organisation.Trim() }, cancellationToken: ct))
        ?? throw new NotFound(Refusals.OrganisationMissing, $"There is no organisation '{organisation}'. `backoffice org list` shows them.");
}
