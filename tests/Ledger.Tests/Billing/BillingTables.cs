using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Demo;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>What the billing tests share: the tables a refused request must leave alone, and small setup steps.</summary>
static class BillingTables
{
    public static readonly string[] All =
    [
        "invoices", "invoice_lines", "invoice_numbering", "payments", "credit_ledger", "outbox", "clients", "services",
        "service_options", "service_changes", "orders", "promo_codes", "outgoing_mail", "service_history",
    ];

    /// <summary>The demo data continues the company's numbering: its first published invoice is № 72816 (seed 003's last is 72815).</summary>
    public const long First = 72816;

    public const string Cloud = "Безналичный платеж";
    public const string Formula = "Безналичный платеж (Формула ИТ)";

    public static Task LoadDemoAsync(NpgsqlDataSource db) => new DemoData(db).LoadAsync();

    /// <summary>Client #7583's services of seed 003, built from scratch on the demo catalogue, due on 01/02/2019.</summary>
    public static Task Seed7583ServicesAsync(NpgsqlDataSource db) => ExecAsync(db, """
            delete from service_options where service_id in (select id from services where client_id = 7583);
            delete from services where client_id = 7583;
            insert into services (id, client_id, product_id, registration_date, billing_cycle, next_due_date, status, promo_code_id) values
                (20804, 7583, 1, '2018-02-12', 'semiannual', '2019-02-01', 'active', null),
                (20805, 7583, 2, '2018-02-12', 'semiannual', '2019-02-01', 'active', null),
                (20806, 7583, 4, '2018-02-12', 'semiannual', '2019-02-01', 'active', 1),
                (21063, 7583, 5, '2018-02-26', 'one_time', null, 'active', null),
                (21691, 7583, 6, '2018-03-27', 'free', null, 'active', null);
            insert into service_options (service_id, option_id, quantity) values
                (20804, 1, 5), (20805, 2, 5), (20805, 3, 1), (20805, 4, 1), (20806, 6, 1);
            """);

    public static InvoiceLine Line(string text, decimal amount) => new(LineKind.Manual, text, amount);

    public static async Task ExecAsync(NpgsqlDataSource db, string sql, object? args = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(sql, args);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, object? args = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(NpgsqlDataSource db, string sql, object? args = null)
    {
        await using var conn = await db.OpenConnectionAsync();
        return (await conn.QueryAsync<T>(sql, args)).ToList();
    }
}
