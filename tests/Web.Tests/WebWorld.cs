using BackOffice.Worker.Cli;
using Dapper;
using Npgsql;

namespace BackOffice.Web.Tests;

/// <summary>
/// What the demo data lacks for the pages: pending orders, overdue invoices (published through the verbs, so numbered as
/// the ledger numbers them) and tickets in every state, spread over two managers' clients.
/// </summary>
static class WebWorld
{
    public const int ManagerOne = 1, ManagerTwo = 2;       // ekamyshina: clients 7583, 12460; ubestuzheva: 4314, 708
    public const int ClientOfOne = 7583, ClientOfTwo = 4314;

    public static async Task AddAsync(NpgsqlDataSource db)
    {
        await using (var conn = await db.OpenConnectionAsync())
        {
            await conn.ExecuteAsync("""
                insert into orders (order_number, client_id, status) values
                    (5100000001, 7583, 'pending'), (5100000002, 12460, 'pending'), (5100000003, 4314, 'pending'),
                    (5100000004, 708, 'active'), (5100000005, 7583, 'cancelled');
                insert into tickets (number, client_id, department_id, subject, status) values
                    (900001, 7583, 1, 'Не работает 1С', 'open'), (900002, 4314, 1, 'Вопрос по счёту', 'customer_reply'),
                    (900003, 708, 1, 'Добавить пользователя', 'in_progress'), (900004, 12460, 1, 'Спасибо', 'answered'),
                    (900005, 7583, 1, 'Старый вопрос', 'closed'), (900006, 4314, 1, 'Ждём клиента', 'on_hold');
                """);
        }
        var cs = db.ConnectionString;
        foreach (var client in new[] { 7583, 7583, 4314, 708 })
        {
            await RunAsync(cs, "invoices", "create", "--client", client.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--line", "Абонентская плата=1660,00");
            await using var conn = await db.OpenConnectionAsync();
            var draft = await conn.ExecuteScalarAsync<long>("select max(id) from invoices where status = 'draft'");
            await RunAsync(cs, "invoices", "publish", draft.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        // Issued in January, due mid-January, never paid: overdue whatever day the test runs on.
        await using (var conn = await db.OpenConnectionAsync())
            await conn.ExecuteAsync("update invoices set issue_date = date '2026-01-01', due_date = date '2026-01-15' where status = 'unpaid'");
    }

    static async Task RunAsync(string connectionString, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BackOfficeCli.RunAsync(args, stdout, stderr,
            new Dictionary<string, string?> { ["ConnectionStrings:BackOffice"] = connectionString });
        if (code != 0) throw new InvalidOperationException($"backoffice {string.Join(' ', args)}: exit {code}\n{stdout}\n{stderr}");
    }
}
