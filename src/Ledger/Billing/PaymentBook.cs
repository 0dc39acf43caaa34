using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>A payment as treasury enters it: bank document number as the reference.</summary>
public sealed record PaymentInput(DateOnly Date, decimal Amount, string Method, string? Reference = null);

/// <summary>Where a payment went: onto the invoice, and the rest to the client's credit.</summary>
public sealed record PaymentResult(long PaymentId, decimal ToInvoice, decimal ToCredit, InvoiceView Invoice);

/// <summary>What one payment did inside a caller's transaction.</summary>
public sealed record PaymentApplied(long PaymentId, decimal ToInvoice, decimal ToCredit);

public sealed record RefundResult(long RefundId, decimal FromInvoice, decimal FromCredit, InvoiceView Invoice);

/// <summary>
/// Payments and refunds against invoices (SPEC §1 "Payments, credit and overdue handling"). Each is one transaction:
/// the payment, the invoice's figures, the credit it leaves and what paying the invoice sets in motion.
/// </summary>
public sealed class PaymentBook(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<PaymentResult> RecordAsync(long invoiceId, PaymentInput payment, string by = "billing", CancellationToken ct = default)
    {
        EnsureAmount(payment.Amount, "A payment");
        if (string.IsNullOrWhiteSpace(payment.Method))
            throw new InvalidInput("method", "A payment needs a method (bank transfer, card, cash…).");
        PaymentApplied applied;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            applied = await RecordAsync(conn, tx, invoiceId, payment, by, ct);
            await tx.CommitAsync(ct);
        }
        return new PaymentResult(applied.PaymentId, applied.ToInvoice, applied.ToCredit, await new InvoiceBook(db, clock).GetAsync(invoiceId, ct));
    }

    /// <summary>The same payment inside the caller's transaction (a bank statement is imported in one transaction per file).</summary>
    public async Task<PaymentApplied> RecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long invoiceId, PaymentInput payment, string by,
        CancellationToken ct = default)
    {
        EnsureAmount(payment.Amount, "A payment");
        if (string.IsNullOrWhiteSpace(payment.Method))
            throw new InvalidInput("method", "A payment needs a method (bank transfer, card, cash…).");
        var invoice = await InvoiceWriter.LockAsync(conn, tx, invoiceId, ct);
        if (invoice.Status is not ("unpaid" or "collections"))
            throw new Conflict(invoice.Status switch
            {
                "draft" => $"Invoice {invoice.Title} is a draft; publish it before recording a payment.",
                "cancelled" => $"Invoice {invoice.Title} is cancelled; a payment cannot be recorded against it.",
                _ => $"Invoice {invoice.Title} is already {invoice.Status}; record the money as the client's credit instead.",
            });
        await LockClientAsync(conn, tx, invoice.ClientId, ct);
        var toInvoice = Math.Min(payment.Amount, invoice.BalanceDue);
        var toCredit = payment.Amount - toInvoice;
        var paymentId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into payments (client_id, invoice_id, kind, paid_on, amount, method, reference, created_by, created_at)
            values (@ClientId, @invoiceId, 'payment', @Date, @Amount, @Method, @Reference, @by, @at) returning id
            """, new { invoice.ClientId, invoiceId, payment.Date, payment.Amount, Method = payment.Method.Trim(), payment.Reference, by,
            at = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("update invoices set amount_paid = amount_paid + @toInvoice where id = @invoiceId",
            new { invoiceId, toInvoice }, tx, cancellationToken: ct));
        await CreditMoves.MoveAsync(conn, tx, invoice.ClientId, payment.Date, toCredit, $"Переплата по счёту № {invoice.Number}",
            invoiceId, paymentId, by, ct);
        if (toInvoice == invoice.BalanceDue)
            await InvoiceSettlement.MarkPaidAsync(conn, tx, invoiceId, payment.Date, clock.GetUtcNow().UtcDateTime, ct);
        return new PaymentApplied(paymentId, toInvoice, toCredit);
    }

    /// <summary>Money received for no invoice: a payment of the client's, all of it to the client's credit, in the caller's transaction.</summary>
    public async Task<PaymentApplied> RecordCreditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, PaymentInput payment,
        string reason, string by, CancellationToken ct = default)
    {
        EnsureAmount(payment.Amount, "A payment");
        await LockClientAsync(conn, tx, clientId, ct);
        var paymentId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into payments (client_id, invoice_id, kind, paid_on, amount, method, reference, created_by, created_at)
            values (@clientId, null, 'payment', @Date, @Amount, @Method, @Reference, @by, @at) returning id
            """, new { clientId, payment.Date, payment.Amount, Method = payment.Method.Trim(), payment.Reference, by,
            at = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        await CreditMoves.MoveAsync(conn, tx, clientId, payment.Date, payment.Amount, reason, null, paymentId, by, ct);
        return new PaymentApplied(paymentId, 0m, payment.Amount);
    }

    /// <summary>
    /// Gives back all (amount null) or part of a payment. The money comes off the invoice first, then off the credit the
    /// payment left; an invoice with nothing paid any more becomes refunded. Due dates already moved stay where they are.
    /// </summary>
    public async Task<RefundResult> RefundAsync(long paymentId, decimal? amount, DateOnly date, string by = "billing", CancellationToken ct = default)
    {
        if (amount is { } asked) EnsureAmount(asked, "A refund");
        long refundId, invoiceId;
        decimal fromInvoice, fromCredit;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var paid = await conn.QuerySingleOrDefaultAsync<PaidRow>(new CommandDefinition("""
                select id, client_id, invoice_id, amount, method,
                       (select coalesce(sum(r.amount), 0) from payments r where r.refund_of = p.id) as refunded
                from payments p where id = @paymentId and kind = 'payment'
                """, new { paymentId }, tx, cancellationToken: ct))
                ?? throw new NotFound($"There is no payment #{paymentId}.");
            if (paid.InvoiceId is null)
                throw new Conflict($"Payment #{paymentId} is not tied to an invoice; refund the client's credit instead.");
            invoiceId = paid.InvoiceId.Value;
            var invoice = await InvoiceWriter.LockAsync(conn, tx, invoiceId, ct);
            await LockClientAsync(conn, tx, paid.ClientId, ct);
            // Refunds of one payment are serialised by the invoice lock taken above; read again under it.
            var refunded = await conn.ExecuteScalarAsync<decimal>(new CommandDefinition(
                "select coalesce(sum(amount), 0) from payments where refund_of = @paymentId", new { paymentId }, tx, cancellationToken: ct));
            var refundable = paid.Amount - refunded;
            var wanted = amount ?? refundable;
            if (wanted > refundable || wanted <= 0)
                throw new InvalidInput("amount",
                    $"A refund cannot be more than was paid: payment #{paymentId} was {Money.Format(paid.Amount)}, " +
                    $"{Money.Format(refunded)} of it refunded already, so at most {Money.Format(refundable)} can be refunded, not {Money.Format(wanted)}.");
            fromInvoice = Math.Min(wanted, invoice.AmountPaid);
            fromCredit = wanted - fromInvoice;
            var credit = await conn.ExecuteScalarAsync<decimal>(new CommandDefinition(
                "select credit_balance from clients where id = @ClientId", paid, tx, cancellationToken: ct));
            if (fromCredit > credit)
                throw new Conflict($"{Money.Format(fromCredit)} of this refund would come from the client's credit, which holds only {Money.Format(credit)}.");

            refundId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into payments (client_id, invoice_id, kind, paid_on, amount, method, refund_of, created_by, created_at)
                values (@ClientId, @invoiceId, 'refund', @date, @wanted, @Method, @paymentId, @by, @at) returning id
                """, new { paid.ClientId, invoiceId, date, wanted, paid.Method, paymentId, by, at = clock.GetUtcNow().UtcDateTime },
                tx, cancellationToken: ct));
            var status = await conn.ExecuteScalarAsync<string>(new CommandDefinition("""
                update invoices set amount_paid = amount_paid - @fromInvoice,
                    status = case when status = 'paid' and amount_paid - @fromInvoice = 0 and credit_applied = 0 then 'refunded' else status end
                where id = @invoiceId returning status
                """, new { invoiceId, fromInvoice }, tx, cancellationToken: ct));
            await CreditMoves.MoveAsync(conn, tx, paid.ClientId, date, -fromCredit, $"Возврат платежа #{paymentId}", invoiceId, refundId, by, ct);
            if (status == "refunded" && invoice.Status != "refunded")
                await Outbox.WriteAsync(conn, tx, "onec", "invoice.refunded", invoiceId, new { invoiceId, invoice.Number }, ct);
            await tx.CommitAsync(ct);
        }
        return new RefundResult(refundId, fromInvoice, fromCredit, await new InvoiceBook(db, clock).GetAsync(invoiceId, ct));
    }

    static void EnsureAmount(decimal amount, string what)
    {
        if (amount <= 0)
            throw new InvalidInput("amount", $"{what} must be more than zero, not {Money.Format(amount)}.");
        if (Money.Round(amount) != amount)
            throw new InvalidInput("amount", $"{what} is in roubles and kopecks, not {amount}.");
    }

    static Task LockClientAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @clientId for update", new { clientId }, tx, cancellationToken: ct));

    sealed class PaidRow
    {
        public long Id { get; set; }
        public int ClientId { get; set; }
        public long? InvoiceId { get; set; }
        public decimal Amount { get; set; }
        public string Method { get; set; } = "";
        public decimal Refunded { get; set; }
    }
}
