using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Clients;
using Dapper;

namespace BackOffice.Web.Tests;

/// <summary>
/// Clients of the client and invoice page tests' own, each under a manager made for the test: the shared site's demo clients
/// are changed by other tests (a manager taken over, invoices published), so these tests touch only what they made.
/// </summary>
static class ClientWorld
{
    // Valid ИНН (check digits right) of the demo's companies; a client's ИНН need not be unique.
    public const string InnA = "7708305901", InnB = "7708318386";

    public static async Task<Client> ClientAsync(WebSite site, int managerId, string inn = InnA)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var client = await new ClientBook(site.Db, TimeProvider.System).AddAsync(new ClientChanges
        {
            FirstName = "Ирина", LastName = "Тестова" + tag, CompanyName = $"ООО «Тест {tag}»", Email = $"client-{tag}@example.ru",
            Inn = inn, Kpp = "770801001", Phone = "4950000000", City = "Москва", ContractorCode = "00-T" + tag,
        });
        await using var conn = await site.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("update clients set sales_manager_id = @managerId where id = @Id", new { managerId, client.Id });
        return client;
    }

    /// <summary>A draft of one line for the client, as <c>invoices create</c> makes it; issued and due today.</summary>
    public static async Task<InvoiceView> DraftAsync(WebSite site, int clientId, string line = "Абонентская плата", decimal amount = 1660m)
    {
        var today = BusinessDay.Today(TimeProvider.System);
        return await new InvoiceBook(site.Db, TimeProvider.System).CreateDraftAsync(
            new DraftInvoice(clientId, "Безналичный платеж", today, today, [new InvoiceLine(LineKind.Manual, line, amount)]));
    }

    public static async Task<long> PublishedAsync(WebSite site, int clientId, decimal amount = 1660m)
    {
        var draft = await DraftAsync(site, clientId, amount: amount);
        return (await new InvoiceDesk(site.Db, TimeProvider.System).PublishAsync(draft.Invoice.Id, "test", dryRun: false)).Invoice.Number!.Value;
    }

    /// <summary>A fingerprint of a client's rows and notes: equal before and after means the page changed nothing.</summary>
    public static async Task<string> SnapshotAsync(WebSite site, int clientId)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("""
            select (select md5(c::text) from clients c where c.id = @clientId) || '/' ||
                   coalesce((select md5(string_agg(n::text, '|' order by n.id)) from client_notes n where n.client_id = @clientId), '-')
            """, new { clientId }) ?? "";
    }
}
