using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>An offline payment as staff enter it: onto an invoice (by number) or, with no invoice, to the client's credit.</summary>
public sealed record OfflinePayment(DateOnly Date, decimal Amount, string Method, string? Reference)
{
    public long? InvoiceNumber { get; init; }
    public int? ClientId { get; init; }
}

public sealed record OfflinePaymentResult(long PaymentId, int ClientId, long? InvoiceNumber, decimal ToInvoice, decimal ToCredit, string InvoiceStatus, bool DryRun);

/// <summary>
/// Cash, a card terminal, money taken by another system: recorded through <see cref="PaymentBook"/> in one transaction,
/// which a dry run rolls back.
/// </summary>
public sealed class OfflinePayments(NpgsqlDataSource db, PaymentBook payments, TimeProvider clock)
{
    public Task<OfflinePaymentResult> RecordAsync(OfflinePayment p, string by, bool dryRun, CancellationToken ct = default)
    {
        if (p.Amount <= 0)
            throw new InvalidInput("amount", $"A payment must be more than zero, not {Money.Format(p.Amount)}.");
        var today = BusinessDay.Today(clock);
        if (p.Date > today)
            throw new InvalidInput("date", $"A payment cannot be dated in the future: {BillingPeriod.Format(p.Date)} is after today, {BillingPeriod.Format(today)}.");
        if (string.IsNullOrWhiteSpace(p.Method))
            throw new InvalidInput("method", "A payment needs a method (cash, card terminal, another system…).");
        if ((p.InvoiceNumber is null) == (p.ClientId is null))
            throw new InvalidInput("invoice", "Give either --invoice NUMBER (pay an invoice) or --client ID (to the client's credit).");
        var input = new PaymentInput(p.Date, p.Amount, p.Method.Trim(), string.IsNullOrWhiteSpace(p.Reference) ? null : p.Reference.Trim());
        return Rehearsal.RunAsync(db, dryRun, async (conn, tx) =>
        {
            if (p.InvoiceNumber is { } number)
            {
                var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                             "select id from invoices where number = @number", new { number }, tx, cancellationToken: ct))
                         ?? throw new NotFound($"There is no invoice № {number}.");
                var applied = await payments.RecordAsync(conn, tx, id, input, by, ct);
                var (clientId, status) = await conn.QuerySingleAsync<(int, string)>(new CommandDefinition(
                    "select client_id, status from invoices where id = @id", new { id }, tx, cancellationToken: ct));
                return new OfflinePaymentResult(applied.PaymentId, clientId, number, applied.ToInvoice, applied.ToCredit, status, dryRun);
            }
            var client = p.ClientId!.Value;
            await InvoiceBook.EnsureClientAsync(conn, tx, client, ct);
            var credit = await payments.RecordCreditAsync(conn, tx, client, input, $"Платёж ({input.Method}) на аванс", by, ct);
            return new OfflinePaymentResult(credit.PaymentId, client, null, 0m, credit.ToCredit, "", dryRun);
        }, ct);
    }
}
