using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>What undoing one payment did: how much came off its invoice and how much off the client's credit.</summary>
public sealed record PaymentReversed(long PaymentId, long ReversalId, long? InvoiceId, decimal FromInvoice, decimal FromCredit);

/// <summary>
/// Undoes a payment that was recorded against the wrong invoice or client (a bank document matched by mistake). Unlike a
/// refund no money leaves the company: the payment is cancelled by a refund row naming it (so it is recorded and counted
/// once), its invoice is owed again and the credit it left is taken back. Due dates it moved stay where they are, as with a
/// refund; the overdue run catches up with them if the invoice stays unpaid.
/// </summary>
public static class PaymentReversal
{
    public static readonly RefusalCode AlreadyRefunded = new("reversal.already-refunded");
    public static readonly RefusalCode CreditSpent = new("reversal.credit-spent");

    public static async Task<PaymentReversed> ReverseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long paymentId, DateOnly date, string reason,
        string by, DateTime now, CancellationToken ct)
    {
        var paid = await conn.QuerySingleOrDefaultAsync<Paid>(new CommandDefinition("""
            select id, client_id, invoice_id, amount, method, reference from payments where id = @paymentId and kind = 'payment'
            """, new { paymentId }, tx, cancellationToken: ct)) ?? throw new NotFound($"There is no payment #{paymentId}.");
        // Lock order (LockOrder): the client, then the invoice.
        await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @ClientId for update", paid, tx, cancellationToken: ct));
        var invoice = paid.InvoiceId is { } invoiceId ? await InvoiceWriter.LockAsync(conn, tx, invoiceId, ct) : null;
        var refunds = await conn.ExecuteScalarAsync<decimal>(new CommandDefinition(
            "select coalesce(sum(amount), 0) from payments where refund_of = @paymentId", new { paymentId }, tx, cancellationToken: ct));
        if (refunds > 0)
            throw new Conflict(AlreadyRefunded, $"Payment #{paymentId} was already refunded ({Money.Format(refunds)}); undo the refund's consequences by hand instead.");
        var toCredit = await conn.ExecuteScalarAsync<decimal>(new CommandDefinition(
            "select coalesce(sum(amount), 0) from credit_ledger where payment_id = @paymentId and amount > 0", new { paymentId }, tx, cancellationToken: ct));
        var fromInvoice = paid.Amount - toCredit;
        var credit = await conn.ExecuteScalarAsync<decimal>(new CommandDefinition(
            "select credit_balance from clients where id = @ClientId", paid, tx, cancellationToken: ct));
        if (toCredit > credit)
            throw new Conflict(CreditSpent, $"Payment #{paymentId} left {Money.Format(toCredit)} of credit to client #{paid.ClientId}, who holds only {Money.Format(credit)} now " +
                               $"(the rest was spent on other invoices); take it back from those invoices first.");

        var reversalId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into payments (client_id, invoice_id, kind, paid_on, amount, method, reference, refund_of, note, created_by, created_at)
            values (@ClientId, @InvoiceId, 'refund', @date, @Amount, @Method, @Reference, @Id, @note, @by, @now) returning id
            """, new { paid.ClientId, paid.InvoiceId, date, paid.Amount, paid.Method, paid.Reference, paid.Id, note = $"Отмена платежа: {reason}", by, now },
            tx, cancellationToken: ct));
        if (invoice is not null && fromInvoice > 0)
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                update invoices set amount_paid = amount_paid - @fromInvoice,
                    status = case when status = 'paid' then 'unpaid' else status end,
                    paid_date = case when status = 'paid' then null else paid_date end
                where id = @Id
                """, new { fromInvoice, invoice.Id }, tx, cancellationToken: ct));
            await Outbox.WriteAsync(conn, tx, "onec", "invoice.payment_reversed", invoice.Id,
                new { invoiceId = invoice.Id, invoice.Number, paymentId, amount = fromInvoice, reason }, ct);
        }
        await CreditMoves.MoveAsync(conn, tx, paid.ClientId, date, -toCredit, $"Отмена платежа #{paymentId}: {reason}", paid.InvoiceId, reversalId, by, ct);
        return new PaymentReversed(paymentId, reversalId, paid.InvoiceId, invoice is null ? 0m : fromInvoice, toCredit);
    }

    sealed class Paid
    {
        public long Id { get; set; }
        public int ClientId { get; set; }
        public long? InvoiceId { get; set; }
        public decimal Amount { get; set; }
        public string Method { get; set; } = "";
        public string? Reference { get; set; }
    }
}
