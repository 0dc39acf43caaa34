using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using Dapper;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>
/// Issue 8, lock order: staff cancelling an invoice (the `invoices cancel` verb and the web page, through InvoiceDesk) take
/// the client before the invoice, as payments do. The desk used to lock the invoice first: a payment that held the client
/// and then asked for that invoice closed a cycle, and PostgreSQL aborted one of them.
/// </summary>
public sealed class InvoiceDeskLockOrderTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
    }

    [Fact]
    public async Task A_cancel_queues_behind_a_payment_that_holds_the_client_and_then_takes_the_invoice()
    {
        var book = new InvoiceBook(Db, Clock);
        var draft = await book.CreateDraftAsync(new DraftInvoice(7583, Cloud, new(2019, 1, 10), new(2019, 1, 25), [Line("Услуги", 1000m)]));
        var published = await book.PublishAsync(draft.Invoice.Id);
        var (id, number) = (published.Invoice.Id, published.Invoice.Number!.Value);

        // What a payment does: the client, then the invoice. Its deadlock check is put off, so that a cycle aborts the desk.
        await using var payment = await Db.OpenConnectionAsync();
        await using var tx = await payment.BeginTransactionAsync();
        await payment.ExecuteAsync("set local deadlock_timeout = '60s'", transaction: tx);
        await payment.ExecuteAsync("select 1 from clients where id = 7583 for update", transaction: tx);
        var cancel = Task.Run(() => new InvoiceDesk(Db, Clock).CancelAsync(number, "staff", dryRun: false));
        await WaitingForLocksAsync(1);

        await payment.ExecuteAsync("select 1 from invoices where id = @id for update", new { id }, tx);
        await tx.CommitAsync();

        var cancelled = await cancel;
        Assert.Equal("cancelled", cancelled.Invoice.Status);
        Assert.Equal("cancelled", await ScalarAsync<string>(Db, "select status from invoices where id = @id", new { id }));
    }
}
