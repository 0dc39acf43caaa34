using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>Every change of a client's credit: a credit_ledger row and the running balance, in the caller's transaction.</summary>
internal static class CreditMoves
{
    public static async Task MoveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, DateOnly on, decimal amount,
        string reason, long? invoiceId, long? paymentId, string by, CancellationToken ct)
    {
        if (amount == 0) return;
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into credit_ledger (client_id, occurred_on, amount, reason, invoice_id, payment_id, created_by)
            values (@clientId, @on, @amount, @reason, @invoiceId, @paymentId, @by)
            """, new { clientId, on, amount, reason, invoiceId, paymentId, by }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            "update clients set credit_balance = credit_balance + @amount where id = @clientId",
            new { clientId, amount }, tx, cancellationToken: ct));
    }
}
