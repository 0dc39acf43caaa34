using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>The organisation an invoice's payment method picks (organisations.payment_method).</summary>
internal sealed record Issuer(int Id, string VatMode, string PaymentMethod);

/// <summary>
/// Writes invoices inside a caller's transaction, so that orders, renewals and staff edits share one way of storing
/// lines, totals, numbers, credit and outbox events.
/// </summary>
internal static class InvoiceWriter
{
    public static readonly RefusalCode NotADraft = new("invoice.not-a-draft");
    public static readonly RefusalCode AlreadyPublished = new("invoice.already-published");
    public static readonly RefusalCode DueBeforeIssue = new("invoice.due-before-issue");
    public static readonly RefusalCode PaymentMethodMissing = new("invoice.payment-method-missing");
    public static readonly RefusalCode PaymentMethodUnknown = new("invoice.payment-method-unknown");
    public static readonly RefusalCode LineDescriptionMissing = new("invoice.line-description-missing");
    public static readonly RefusalCode LineAmountKopecks = new("invoice.line-amount-kopecks");
    public static readonly RefusalCode LineQuantityNegative = new("invoice.line-quantity-negative");
    public static readonly RefusalCode NoLines = new("invoice.no-lines");
    public static readonly RefusalCode NegativeTotal = new("invoice.negative-total");
    public const string LinesUniqueIndex = "invoice_lines_one_bill_per_period";

    /// <summary>Two live bills of one service whose days overlap (raised by the trigger on invoice_lines as an exclusion violation).</summary>
    public const string OverlapConstraint = "invoice_lines_no_overlapping_bills";

    public static bool IsOverlap(PostgresException e) =>
        e is { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: OverlapConstraint };

    public static async Task<Issuer> IssuerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string? paymentMethod, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(paymentMethod))
            throw new InvalidInput(PaymentMethodMissing, "payment-method", "An invoice needs a payment method: it picks the organisation that issues it.");
        var issuers = (await conn.QueryAsync<Issuer>(new CommandDefinition(
            "select id, vat_mode, payment_method from organisations order by id", transaction: tx, cancellationToken: ct))).ToList();
        return issuers.FirstOrDefault(i => i.PaymentMethod == paymentMethod.Trim())
               ?? throw new InvalidInput(PaymentMethodUnknown, "payment-method",
                   $"'{paymentMethod}' is not the payment method of any organisation; use one of: {string.Join(", ", issuers.Select(i => $"«{i.PaymentMethod}»"))}.");
    }

    public static async Task<Issuer> IssuerOfProductAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int organisationId, CancellationToken ct) =>
        await conn.QuerySingleAsync<Issuer>(new CommandDefinition(
            "select id, vat_mode, payment_method from organisations where id = @organisationId", new { organisationId }, tx, cancellationToken: ct));

    /// <summary>A draft. Renewals of services already past due keep the service's due date (the debt is that old).</summary>
    public static async Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, Issuer issuer, string kind,
        DateOnly issueDate, DateOnly dueDate, IReadOnlyList<InvoiceLine> lines, string? notes, CancellationToken ct)
    {
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into invoices (client_id, organisation_id, kind, status, issue_date, due_date, payment_method, notes)
            values (@clientId, @organisationId, @kind, 'draft', @issueDate, @dueDate, @paymentMethod, @notes) returning id
            """, new { clientId, organisationId = issuer.Id, kind, issueDate, dueDate, paymentMethod = issuer.PaymentMethod, notes },
            tx, cancellationToken: ct));
        await InsertLinesAsync(conn, tx, id, lines, ct);
        await StoreDraftTotalsAsync(conn, tx, id, ct);
        return id;
    }

    /// <summary>Replaces nothing: appends lines numbered from 1. A second bill of a service period raises the unique violation.</summary>
    public static async Task InsertLinesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long invoiceId, IReadOnlyList<InvoiceLine> lines, CancellationToken ct)
    {
        CheckLines(lines);
        var rows = lines.Select((l, i) => new
        {
            invoiceId, lineNo = i + 1, kind = l.Kind.ToDb(), l.Description, l.Quantity, l.UnitPrice, l.Amount, l.AddsToTotal,
            l.ServiceId, l.ProductId, l.PeriodStart, l.PeriodEnd, l.BillsPeriod,
        });
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into invoice_lines (invoice_id, line_no, kind, description, quantity, unit_price, amount, adds_to_total,
                                       service_id, product_id, period_start, period_end, bills_period)
            values (@invoiceId, @lineNo, @kind, @Description, @Quantity, @UnitPrice, @Amount, @AddsToTotal,
                    @ServiceId, @ProductId, @PeriodStart, @PeriodEnd, @BillsPeriod)
            """, rows, tx, cancellationToken: ct));
    }

    /// <summary>What every stored line must be: described, in roubles and kopecks, not a negative quantity.</summary>
    public static void CheckLines(IReadOnlyList<InvoiceLine> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            if (string.IsNullOrWhiteSpace(l.Description))
                throw new InvalidInput(LineDescriptionMissing, "lines", $"Line {i + 1} needs a description.");
            if (Money.Round(l.Amount) != l.Amount)
                throw new InvalidInput(LineAmountKopecks, "lines", $"Line {i + 1} ({l.Description}): amounts are in roubles and kopecks, not {l.Amount}.");
            if (l.Quantity < 0)
                throw new InvalidInput(LineQuantityNegative, "quantity", $"Line {i + 1} ({l.Description}): the quantity cannot be negative: {l.Quantity}.");
        }
    }

    /// <summary>Whose invoice it is, read without a lock (an invoice never changes client) so that the client can be locked first.</summary>
    public static async Task<int> ClientOfAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
            "select client_id from invoices where id = @id", new { id }, tx, cancellationToken: ct))
        ?? throw new NotFound(Refusals.InvoiceIdMissing, $"There is no invoice with id {id}.");

    /// <summary>
    /// Lock order (<see cref="LockOrder"/>): the invoice's client, then the invoice. Whoever locks an invoice that it may then
    /// write with its client (publishing, cancelling, credit) starts here, never with <see cref="LockAsync"/> alone.
    /// </summary>
    public static async Task<Invoice> LockClientThenInvoiceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @clientId for update",
            new { clientId = await ClientOfAsync(conn, tx, id, ct) }, tx, cancellationToken: ct));
        return await LockAsync(conn, tx, id, ct);
    }

    public static async Task<Invoice> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<Invoice>(new CommandDefinition(
            "select * from invoices where id = @id for update", new { id }, tx, cancellationToken: ct))
        ?? throw new NotFound(Refusals.InvoiceIdMissing, $"There is no invoice with id {id}.");

    public static async Task<IReadOnlyList<StoredLine>> LinesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long invoiceId, CancellationToken ct) =>
        (await conn.QueryAsync<StoredLine>(new CommandDefinition(
            "select * from invoice_lines where invoice_id = @invoiceId order by line_no", new { invoiceId }, tx, cancellationToken: ct))).ToList();

    /// <summary>A draft's figures (no credit yet: credit is taken when the invoice is published).</summary>
    public static async Task StoreDraftTotalsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct)
    {
        var invoice = await LockAsync(conn, tx, id, ct);
        var lines = await LinesAsync(conn, tx, id, ct);
        var composed = await ComposeAsync(conn, tx, invoice, lines, availableCredit: 0m, ct);
        await StoreTotalsAsync(conn, tx, id, composed, ct);
    }

    /// <summary>
    /// Publishing: number from the single counter row, taken in this transaction — a rollback gives it back, so published
    /// numbers have no gaps and two publishers queue on the row instead of sharing a number. Credit is applied, 1C is told,
    /// and an invoice that credit covers entirely is paid at once. Lock order (<see cref="LockOrder"/>): client, invoice, counter.
    /// </summary>
    public static async Task<long> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, DateTime now, string by, CancellationToken ct)
    {
        var client = await conn.QuerySingleAsync<(decimal CreditBalance, bool ApplyCredit)>(new CommandDefinition(
            "select credit_balance, apply_credit from clients where id = @clientId for update",
            new { clientId = await ClientOfAsync(conn, tx, id, ct) }, tx, cancellationToken: ct));
        var invoice = await LockAsync(conn, tx, id, ct);
        if (invoice.Status != "draft")
            throw new Conflict(AlreadyPublished, $"Invoice {invoice.Title} is already published (status {invoice.Status}).");
        var lines = await LinesAsync(conn, tx, id, ct);
        if (lines.Count == 0)
            throw new InvalidInput(NoLines, "lines", $"Invoice draft #{id} has no lines; add at least one before publishing it.");
        var composed = await ComposeAsync(conn, tx, invoice, lines, client.ApplyCredit ? client.CreditBalance : 0m, ct);
        if (composed.Total < 0)
            throw new InvalidInput(NegativeTotal, "lines", $"Invoice draft #{id} totals {Money.Format(composed.Total)}; an invoice cannot be negative (give credit instead).");

        await Documents.SellerRequisites.CheckAsync(conn, tx, invoice.OrganisationId, ct);

        var number = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "update invoice_numbering set last_number = last_number + 1 returning last_number", transaction: tx, cancellationToken: ct));
        await StoreTotalsAsync(conn, tx, id, composed, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update invoices set number = @number, status = 'unpaid', published_at = @now, mail_due = true where id = @id",
            new { id, number, now }, tx, cancellationToken: ct));
        await CreditMoves.MoveAsync(conn, tx, invoice.ClientId, invoice.IssueDate, -composed.CreditApplied,
            $"Зачёт кредита в счёт № {number}", id, null, by, ct);
        await Outbox.WriteAsync(conn, tx, "onec", "invoice.published", id,
            new { invoiceId = id, number, invoice.ClientId, invoice.OrganisationId, total = composed.Total }, ct);
        if (composed.BalanceDue == 0)
            await InvoiceSettlement.MarkPaidAsync(conn, tx, id, invoice.IssueDate, now, ct);
        return number;
    }

    /// <summary>Cancels a published, unpaid invoice: its periods may be billed again and its credit goes back.</summary>
    public static async Task CancelAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, string by, CancellationToken ct)
    {
        var invoice = await LockClientThenInvoiceAsync(conn, tx, id, ct);
        if (invoice.Status == "draft")
            throw new Conflict($"Invoice {invoice.Title} is a draft and has no number yet: delete it instead of cancelling it.");
        if (invoice.Status is "cancelled" or "paid" or "refunded")
            throw new Conflict($"Invoice {invoice.Title} is {invoice.Status}; only an unpaid invoice can be cancelled.");
        if (invoice.AmountPaid > 0)
            throw new Conflict($"Invoice {invoice.Title} has payments of {Money.Format(invoice.AmountPaid)}; refund them before cancelling it.");
        await CreditMoves.MoveAsync(conn, tx, invoice.ClientId, invoice.IssueDate, invoice.CreditApplied,
            $"Возврат кредита: счёт № {invoice.Number} отменён", id, null, by, ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            update invoices set status = 'cancelled', credit_applied = 0 where id = @id;
            update invoice_lines set bills_period = false where invoice_id = @id and bills_period;
            update service_changes set status = 'cancelled' where invoice_id = @id and status = 'pending';
            """, new { id }, tx, cancellationToken: ct));
        await Outbox.WriteAsync(conn, tx, "onec", "invoice.cancelled", id, new { invoiceId = id, invoice.Number }, ct);
    }

    public static async Task DeleteDraftAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct)
    {
        var invoice = await LockAsync(conn, tx, id, ct);
        if (invoice.Status != "draft")
            throw new Conflict($"Invoice {invoice.Title} is published; cancel it instead: a published number is never removed.");
        await conn.ExecuteAsync(new CommandDefinition("""
            update orders set invoice_id = null where invoice_id = @id;
            update service_changes set invoice_id = null, status = 'cancelled' where invoice_id = @id;
            delete from invoice_lines where invoice_id = @id;
            delete from invoices where id = @id;
            """, new { id }, tx, cancellationToken: ct));
    }

    static async Task<ComposedInvoice> ComposeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Invoice invoice,
        IReadOnlyList<StoredLine> lines, decimal availableCredit, CancellationToken ct)
    {
        if (lines.Count == 0) return new ComposedInvoice([], 0m, 0m, VatCharge.None);
        var (vatMode, taxExempt) = await conn.QuerySingleAsync<(string, bool)>(new CommandDefinition("""
            select o.vat_mode, c.tax_exempt from invoices i join organisations o on o.id = i.organisation_id
            join clients c on c.id = i.client_id where i.id = @Id
            """, invoice, tx, cancellationToken: ct));
        var rates = await VatRatesAsync(conn, tx, ct);
        return InvoiceComposer.Compose(new InvoiceRequest(invoice.IssueDate, invoice.DueDate, [], rates)
        {
            OtherLines = lines.Select(l => l.ToLine()).ToList(),
            VatCharged = Vat.IsCharged(vatMode, taxExempt),
            AvailableCredit = availableCredit,
        });
    }

    public static async Task<IReadOnlyList<VatRate>> VatRatesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct) =>
        (await conn.QueryAsync<RateRow>(new CommandDefinition(
            "select valid_from, rate from vat_rates order by valid_from", transaction: tx, cancellationToken: ct)))
        .Select(r => new VatRate(r.ValidFrom, r.Rate)).ToList();

    sealed class RateRow
    {
        public DateOnly ValidFrom { get; set; }
        public decimal Rate { get; set; }
    }

    static Task StoreTotalsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, ComposedInvoice c, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            update invoices set subtotal = @Subtotal, credit_applied = @CreditApplied, vat_rate = @VatRate, vat_amount = @VatAmount,
                                total = @Total where id = @id
            """, new { id, c.Subtotal, c.CreditApplied, VatRate = c.Vat.Rate, VatAmount = c.Vat.Amount, c.Total }, tx, cancellationToken: ct));
}
