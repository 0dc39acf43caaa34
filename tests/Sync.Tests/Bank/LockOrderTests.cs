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

    /// <summary>Until this many other sessions of the test's database wait for a lock (bounded: 30 s).</summary>
    async Task WaitingForLocksAsync(int sessions)
    {
        await using var conn = await Db.OpenConnectionAsync();
        for (var i = 0; i < 300; i++)
        {
            if (await conn.ExecuteScalarAsync<int>(
                    "select count(*)::int from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") >= sessions)
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"Fewer than {sessions} session(s) waited for a lock within 30 s.");
    }
}
