using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

public sealed record RefundResult(long RefundId, decimal FromInvoice, decimal FromCredit, InvoiceView Invoice, bool DryRun = false);

/// <summary>Money back to a client out of their credit alone; the credit move records who, when and why.</summary>
public sealed record CreditRefund(int ClientId, DateOnly Date, decimal Amount, string Method, string Reason, string? Reference = null);

public sealed record CreditRefundResult(long RefundId, int ClientId, decimal Amount, decimal CreditBefore, decimal CreditLeft, bool DryRun);

public sealed partial class PaymentBook
{
    /// <summary>
    /// Gives back all (amount null) or part of a payment. The money comes first off the credit that payment left (as far as
    /// the client still has it), then off the invoice. An invoice the refund leaves short goes back to unpaid with its
    /// balance due, so overdue handling and reports see it again; one with nothing paid or credited any more becomes
    /// refunded (also when earlier refunds of it had returned it to unpaid; a part payment of an unpaid invoice given
    /// back leaves it unpaid). Due dates already moved stay where they are (paying again does not move them twice).
    /// </summary>
    /// <param name="dryRun">Run it and roll it back: the result says what a real refund would do.</param>
    public async Task<RefundResult> RefundAsync(long paymentId, decimal? amount, DateOnly date, string by = "billing", bool dryRun = false,
        CancellationToken ct = default)
    {
        if (amount is { } asked) EnsureAmount(asked, "A refund");
        long refundId, invoiceId;
        decimal fromInvoice, fromCredit;
        InvoiceView view;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var clientId = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                               "select client_id from payments where id = @paymentId and kind = 'payment'", new { paymentId }, tx, cancellationToken: ct))
                           ?? throw new NotFound($"There is no payment #{paymentId}.");
            await LockClientAsync(conn, tx, clientId, ct);
            // Refunds of one payment are serialised by the client lock taken above; everything is read under it.
            var paid = await conn.QuerySingleAsync<PaidRow>(new CommandDefinition("""
                select p.id, p.client_id, p.invoice_id, p.amount, p.method,
                       (select coalesce(sum(r.amount), 0) from payments r where r.refund_of = p.id) as refunded,
                       (select coalesce(sum(c.amount), 0) from credit_ledger c
                        where c.payment_id = p.id or c.payment_id in (select r.id from payments r where r.refund_of = p.id)) as credit_left,
                       (select credit_balance from clients where id = p.client_id) as credit_balance
                from payments p where p.id = @paymentId
                """, new { paymentId }, tx, cancellationToken: ct));
            if (paid.InvoiceId is null)
                throw new Conflict($"Payment #{paymentId} is not tied to an invoice; refund the client's credit instead.");
            invoiceId = paid.InvoiceId.Value;
            var invoice = await InvoiceWriter.LockAsync(conn, tx, invoiceId, ct);
            if (invoice.Status is "draft" or "cancelled")
                throw new Conflict($"Invoice {invoice.Title} is {(invoice.Status == "draft" ? "a draft" : "cancelled")}; " +
                                   $"payment #{paymentId} on it cannot be refunded against it: refund the client's credit instead.");
            var refundable = paid.Amount - paid.Refunded;
            var wanted = amount ?? refundable;
            if (wanted > refundable)
                throw new InvalidInput("amount",
                    $"A refund cannot be more than was paid: payment #{paymentId} was {Money.Format(paid.Amount)}, " +
                    $"{Money.Format(paid.Refunded)} of it refunded already, so at most {Money.Format(refundable)} can be refunded, not {Money.Format(wanted)}.");
            if (wanted <= 0)
                throw new Conflict($"Payment #{paymentId} is refunded in full already.");
            fromCredit = Math.Min(wanted, Math.Max(0m, Math.Min(paid.CreditLeft, paid.CreditBalance)));
            fromInvoice = wanted - fromCredit;
            if (fromInvoice > invoice.AmountPaid)
                throw new Conflict($"At most {Money.Format(invoice.AmountPaid + fromCredit)} of payment #{paymentId} can come back: " +
                                   $"the credit it left has been used since (the client's credit is {Money.Format(paid.CreditBalance)}).");

            refundId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into payments (client_id, invoice_id, kind, paid_on, amount, method, refund_of, created_by, created_at)
                values (@ClientId, @invoiceId, 'refund', @date, @wanted, @Method, @paymentId, @by, @at) returning id
                """, new { paid.ClientId, invoiceId, date, wanted, paid.Method, paymentId, by, at = clock.GetUtcNow().UtcDateTime },
                tx, cancellationToken: ct));
            await CreditMoves.MoveAsync(conn, tx, paid.ClientId, date, -fromCredit, $"Возврат платежа #{paymentId}", invoiceId, refundId, by, ct);
            var after = await conn.QuerySingleAsync<Invoice>(new CommandDefinition("""
                update invoices set amount_paid = amount_paid - @fromInvoice,
                    status = case when @fromInvoice = 0 or status not in ('paid', 'unpaid') then status
                                  when amount_paid - @fromInvoice = 0 and credit_applied = 0
                                       and (status = 'paid' or exists (select 1 from payments r where r.invoice_id = @invoiceId
                                                                        and r.kind = 'refund' and r.id <> @refundId)) then 'refunded'
                                  else 'unpaid' end,
                    paid_date = case when status = 'paid' and @fromInvoice > 0 then null else paid_date end
                where id = @invoiceId returning *
                """, new { invoiceId, fromInvoice, refundId }, tx, cancellationToken: ct));
            if (after.Status == "refunded" && invoice.Status != "refunded")
                await Outbox.WriteAsync(conn, tx, "onec", "invoice.refunded", invoiceId, new { invoiceId, invoice.Number }, ct);
            else if (after.Status == "unpaid" && invoice.Status == "paid")
                await Outbox.WriteAsync(conn, tx, "onec", "invoice.unpaid_again", invoiceId,
                    new { invoiceId, invoice.Number, balanceDue = after.BalanceDue, refundId }, ct);
            view = await InvoiceBook.ViewAsync(conn, tx, invoiceId, ct);
            await tx.FinishAsync(dryRun, ct);
        }
        return new RefundResult(refundId, fromInvoice, fromCredit, view, dryRun);
    }

    /// <summary>
    /// Gives back credit a client holds, with no invoice (money paid in advance, an overpayment of long ago): a refund
    /// payment of the client's and a credit move that says who, when and why. More than the client's credit is refused.
    /// </summary>
    /// <param name="dryRun">Run it and roll it back: the result says what a real refund would do.</param>
    public async Task<CreditRefundResult> RefundCreditAsync(CreditRefund refund, string by, bool dryRun = false, CancellationToken ct = default)
    {
        EnsureAmount(refund.Amount, "A refund of credit");
        if (string.IsNullOrWhiteSpace(refund.Method))
            throw new InvalidInput("method", "A refund needs a method (bank transfer, card, cash…): how the money goes back.");
        if (string.IsNullOrWhiteSpace(refund.Reason))
            throw new InvalidInput("reason", "A refund of credit needs a reason: it is kept with the credit move.");
        if (string.IsNullOrWhiteSpace(by))
            throw new InvalidInput("by", "A refund of credit needs the name of whoever gives it.");
        if (refund.Date > BusinessDay.Today(clock))
            throw new InvalidInput("date", $"A refund cannot be dated in the future: {BillingPeriod.Format(refund.Date)}.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var credit = await conn.ExecuteScalarAsync<decimal?>(new CommandDefinition(
                         "select credit_balance from clients where id = @ClientId for update", refund, tx, cancellationToken: ct))
                     ?? throw new NotFound($"There is no client #{refund.ClientId}.");
        if (refund.Amount > credit)
            throw new InvalidInput("amount",
                $"Client #{refund.ClientId} has {Money.Format(credit)} of credit; {Money.Format(refund.Amount)} cannot be refunded out of it.");
        var refundId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into payments (client_id, invoice_id, kind, paid_on, amount, method, reference, note, created_by, created_at)
            values (@ClientId, null, 'refund', @Date, @Amount, @method, @Reference, @reason, @by, @at) returning id
            """, new { refund.ClientId, refund.Date, refund.Amount, method = refund.Method.Trim(), refund.Reference, reason = refund.Reason.Trim(),
            by, at = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        await CreditMoves.MoveAsync(conn, tx, refund.ClientId, refund.Date, -refund.Amount, $"Возврат кредита: {refund.Reason.Trim()}",
            null, refundId, by, ct);
        await Outbox.WriteAsync(conn, tx, "onec", "credit.refunded", refundId,
            new { refundId, refund.ClientId, refund.Amount, refund.Date, reason = refund.Reason.Trim(), by }, ct);
        await tx.FinishAsync(dryRun, ct);
        return new CreditRefundResult(refundId, refund.ClientId, refund.Amount, credit, credit - refund.Amount, dryRun);
    }

    sealed class PaidRow
    {
        public long Id { get; set; }
        public int ClientId { get; set; }
        public long? InvoiceId { get; set; }
        public decimal Amount { get; set; }
        public string Method { get; set; } = "";
        public decimal Refunded { get; set; }
        public decimal CreditLeft { get; set; }
        public decimal CreditBalance { get; set; }
    }
}
