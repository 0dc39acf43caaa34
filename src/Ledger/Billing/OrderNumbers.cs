using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>
/// Orders get a random 10-digit number that does not reveal how many orders there are (SPEC §1). The unique
/// constraint decides collisions; a savepoint keeps the order's transaction alive to try another number.
/// </summary>
internal static class OrderNumbers
{
    public static async Task<(int Id, long Number)> InsertOrderAsync(NpgsqlConnection conn, NpgsqlTransaction tx, object values,
        Func<long> nextNumber, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var number = nextNumber();
            var p = new DynamicParameters(values);
            p.Add("number", number);
            await tx.SaveAsync("order_number", ct);
            try
            {
                var id = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
                    insert into orders (order_number, client_id, kind, status, promo_code_id, payment_method, amount, client_ip, notes, created_at)
                    values (@number, @ClientId, @Kind, 'pending', @PromoCodeId, @PaymentMethod, 0, @ClientIp::inet, @Notes, @CreatedAt)
                    returning id
                    """, p, tx, cancellationToken: ct));
                await tx.ReleaseAsync("order_number", ct);
                return (id, number);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation
                                              && e.ConstraintName == "orders_order_number_unique" && attempt < 20)
            {
                await tx.RollbackAsync("order_number", ct);
            }
        }
    }

    public static long Random() => RandomNumberGenerator.GetInt32(100_000, 1_000_000) * 10_000L + RandomNumberGenerator.GetInt32(0, 10_000);
}
