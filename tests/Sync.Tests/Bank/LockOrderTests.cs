using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>
/// Issue 8, point 6: the bank import and the overdue run take row locks in one order (client, then invoices: LockOrder),
/// so an import paying two invoices of a client while the overdue run works on them queues instead of deadlocking.
/// </summary>
public sealed class LockOrderTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    async Task<long> InvoiceAsync(decimal amount, DateOnly issued, DateOnly due)
    {
        var books = new InvoiceBook(Db, Clock);
        var draft = await books.CreateDraftAsync(new DraftInvoice(7583, "Безналичный платеж", issued, due, [new InvoiceLine(LineKind.Manual, "Услуги", amount)]));
        return (await books.PublishAsync(draft.Invoice.Id)).Invoice.Number!.Value;
    }

    [Fact]
    public async Task An_import_paying_two_invoices_of_one_client_while_the_overdue_run_touches_them_neither_deadlocks_nor_loses_anything()
    {
        // The matcher pays the older issue first (A); the overdue run takes the earlier due date first (B): before issue 8
        // the import held A and waited for the client while the overdue run held B and waited for the client too.
        var a = await InvoiceAsync(1000m, new(2019, 1, 10), new(2019, 1, 25));
        var b = await InvoiceAsync(500m, new(2019, 1, 12), new(2019, 1, 20));
        var file = Statement("two.txt", new Order("118", 1500m, $"Оплата по счетам № {a}, {b}"));

        // Hold the client so that both start and queue: the import first, then the overdue run.
        await using var blocker = await Db.OpenConnectionAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("select 1 from clients where id = 7583 for no key update", transaction: hold);
        var import = Task.Run(() => Import.ImportFileAsync(file, "treasury"));
        await WaitingForLocksAsync(1);
        var overdue = Task.Run(() => new OverdueProcessor(Db, Clock, new BillingOptions()).RunAsync(new DateOnly(2019, 2, 11)));
        await WaitingForLocksAsync(2);
        await hold.CommitAsync();

        var summary = await import;
        var result = await overdue;

        Assert.Equal((1, 0), (summary.Matched, summary.ToReview));
        Assert.Empty(result.Problems);
        Assert.Equal(0, result.Retried); // no deadlock to recover from
        Assert.Equal("paid paid", await ScalarAsync<string>($"select string_agg(status, ' ') from invoices where number in ({a}, {b})"));
        Assert.Equal(2, await CountAsync("payments", "reference = 'п/п 118'"));
        // The import had the client first, so the overdue run found both invoices paid and sent nothing.
        Assert.Equal(0, result.Notices);
        Assert.Equal(0, await CountAsync("outgoing_mail"));
    }

    [Fact]
    public async Task Two_imports_paying_the_same_two_clients_in_opposite_orders_queue_instead_of_deadlocking()
    {
        // Clients are locked in ascending id within a chunk, not in the order of the documents: before, statement A held
        // #7583 and waited for #12460 while B held #12460 and waited for #7583, and one of them died as the deadlock victim.
        var fabrika = await InvoiceAsync(7583, 1000m, new(2019, 1, 10));
        var hotels = await InvoiceAsync(12460, 900m, new(2019, 1, 10));
        var fabrika2 = await InvoiceAsync(7583, 100m, new(2019, 1, 11));
        var hotels2 = await InvoiceAsync(12460, 90m, new(2019, 1, 11));
        Order Hotels(string number, decimal amount, long invoice) =>
            new(number, amount, $"Оплата по счету № {invoice}") { PayerInn = "7725381772", PayerKpp = "772501001", PayerAccount = "40702810100000000444" };
        var a = Statement("a.txt", new Order("1", 1000m, $"Оплата по счету № {fabrika}"), Hotels("2", 900m, hotels));
        var b = Statement("b.txt", Hotels("3", 90m, hotels2), new Order("4", 100m, $"Оплата по счету № {fabrika2}"));

        // A queues for #7583 first; B then takes what it can and queues too; then both go.
        await using var blocker = await Db.OpenConnectionAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("select 1 from clients where id = 7583 for update", transaction: hold);
        var first = Task.Run(() => Import.ImportFileAsync(a, "treasury"));
        await WaitingForLocksAsync(1);
        var second = Task.Run(() => Import.ImportFileAsync(b, "treasury"));
        await WaitingForLocksAsync(2);
        await hold.CommitAsync();

        var summaries = await Task.WhenAll(first, second);

        Assert.All(summaries, s => Assert.Equal((2, 0), (s.Matched, s.ToReview)));
        Assert.Equal(4, await CountAsync("invoices", $"number in ({fabrika}, {hotels}, {fabrika2}, {hotels2}) and status = 'paid'"));
        Assert.Equal(4, await CountAsync("payments"));
    }
}
