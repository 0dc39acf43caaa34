using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>A payment as treasury enters it: bank document number as the reference.</summary>
public sealed record PaymentInput(DateOnly Date, decimal Amount, string Method, string? Reference = null);

/// <summary>Where a payment went: onto the invoice, and the rest to the client's credit.</summary>
public sealed record PaymentResult(long PaymentId, decimal ToInvoice, decimal ToCredit, InvoiceView Invoice);

/// <summary>What one payment did inside a caller's transaction.</summary>
public sealed record PaymentApplied(long PaymentId, decimal ToInvoice, decimal ToCredit);


/// <summary>
/// Payments and refunds against invoices (SPEC §1 "Payments, credit and overdue handling"). Each is one transaction:
/// the payment, the invoice's figures, the credit it leaves and what paying the invoice sets in motion.
/// </summary>
public sealed partial class PaymentBook(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly RefusalCode InvoiceDraft = new("payment.invoice-draft");
    public static readonly RefusalCode InvoiceCancelled = new("payment.invoice-cancelled");
    public static readonly RefusalCode InvoiceClosed = new("payment.invoice-closed");

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
        await LockClientAsync(conn, tx, await InvoiceWriter.ClientOfAsync(conn, tx, invoiceId, ct), ct);
        var invoice = await InvoiceWriter.LockAsync(conn, tx, invoiceId, ct);
        EnsurePayable(invoice);
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

    static void EnsurePayable(Invoice invoice)
    {
        switch (invoice.Status)
        {
            case "unpaid" or "collections":
                return;
            case "draft":
                throw new Conflict(InvoiceDraft, $"Invoice {invoice.Title} is a draft; publish it before recording a payment.");
            case "cancelled":
                throw new Conflict(InvoiceCancelled, $"Invoice {invoice.Title} is cancelled; a payment cannot be recorded against it.");
            default:
                throw new Conflict(InvoiceClosed, $"Invoice {invoice.Title} is already {invoice.Status}; record the money as the client's credit instead.");
        }
    }

    static void EnsureAmount(decimal amount, string what)
    {
        if (amount <= 0)
            throw new InvalidInput("amount", $"{what} must be more than zero, not {Money.Format(amount)}.");
        if (Money.Round(amount) != amount)
            throw new InvalidInput("amount", $"{what} is in roubles and kopecks, not {amount}.");
    }

    /// <summary>The client's row first, before any invoice of theirs: see <see cref="LockOrder"/>.</summary>
    internal static Task LockClientAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @clientId for update", new { clientId }, tx, cancellationToken: ct));
}
