using BackOffice.Ledger;
using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;

namespace BackOffice.Sync.Tests.Bank;

public sealed class ReviewDeskTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    static readonly DateOnly Jan = new(2019, 1, 10);

    ReviewDesk Desk => new(Db, Clock);

    async Task<long> QueuedAsync(decimal amount, string purpose = "Оплата за услуги")
    {
        await Import.ImportFileAsync(Statement($"{Guid.NewGuid():N}.txt", new Order(Random.Shared.Next(1, 99999).ToString(), amount, purpose)), "treasury");
        return (await Desk.ListAsync()).Last().DocumentId;
    }

    [Fact]
    public async Task A_queued_payment_split_across_invoices_pays_the_oldest_first_and_records_who()
    {
        await InvoiceAsync(7583, 100m, Jan);
        var older = await InvoiceAsync(7583, 300m, Jan);
        var newer = await InvoiceAsync(7583, 500m, Jan.AddDays(3));
        var doc = await QueuedAsync(600m);

        Assert.Equal("partial", await Desk.MatchToInvoicesAsync(doc, [newer, older], "ivanova"));

        Assert.Equal("paid", await ScalarAsync<string>($"select status from invoices where number = {older}"));
        Assert.Equal(300m, await ScalarAsync<decimal>($"select amount_paid from invoices where number = {newer}"));
        Assert.Equal(1, await CountAsync("bank_review_queue", "resolved_by = 'ivanova' and resolved_at is not null and resolution like 'invoices %'"));
        Assert.Equal(1, await CountAsync("bank_documents", $"id = {doc} and status = 'partial' and client_id = 7583"));
        Assert.Empty(await Desk.ListAsync());
        Assert.Equal($"Bank document #{doc} was resolved already.",
            (await Assert.ThrowsAsync<Conflict>(() => Desk.IgnoreAsync(doc, "x", "ivanova"))).Message);
    }

    [Fact]
    public async Task A_queued_payment_can_go_to_a_clients_credit_or_be_ignored_with_a_reason()
    {
        var toCredit = await QueuedAsync(777m);
        var toIgnore = await QueuedAsync(5m, "Возврат депозита");

        Assert.Equal("credit", await Desk.ToCreditAsync(toCredit, 12460, "ivanova"));
        Assert.Equal("ignored", await Desk.IgnoreAsync(toIgnore, "возврат депозита, не оплата", "petrov"));

        Assert.Equal(777m, await ScalarAsync<decimal>("select credit_balance from clients where id = 12460"));
        Assert.Equal(1, await CountAsync("payments", "client_id = 12460 and invoice_id is null and amount = 777 and created_by = 'ivanova'"));
        Assert.Equal(1, await CountAsync("bank_review_queue", "resolved_by = 'petrov' and resolution = 'ignored: возврат депозита, не оплата'"));
        Assert.Equal(0, await CountAsync("payments", "amount = 5"));
    }

    [Fact]
    public async Task Wrong_requests_are_refused_and_nothing_changes()
    {
        var paid = await InvoiceAsync(7583, 100m, Jan);
        await Import.ImportFileAsync(Statement("p.txt", new Order("1", 100m, $"Оплата по счету № {paid}")), "treasury");
        var doc = await QueuedAsync(50m);
        var before = await SnapshotAsync(Money);

        Assert.Equal("There is no bank document #999999.", (await Assert.ThrowsAsync<NotFound>(() => Desk.IgnoreAsync(999999, "x", "a"))).Message);
        Assert.Equal("There is no invoice № 424242.", (await Assert.ThrowsAsync<NotFound>(() => Desk.MatchToInvoicesAsync(doc, [424242], "a"))).Message);
        Assert.Equal($"Invoice № {paid} is paid; send the money to credit instead.",
            (await Assert.ThrowsAsync<Conflict>(() => Desk.MatchToInvoicesAsync(doc, [paid], "a"))).Message);
        Assert.Equal("There is no client #31337.", (await Assert.ThrowsAsync<NotFound>(() => Desk.ToCreditAsync(doc, 31337, "a"))).Message);
        Assert.Equal("Say why the document is ignored.", (await Assert.ThrowsAsync<InvalidInput>(() => Desk.IgnoreAsync(doc, " ", "a"))).Message);
        Assert.Equal(before, await SnapshotAsync(Money));
    }

    [Fact]
    public async Task A_document_not_paid_to_the_company_can_only_be_ignored()
    {
        await Import.ImportFileAsync(Statement("x.txt", new Order("9", 100m, "Чужой платёж") { RecipientAccount = "40702810000000000555" }), "treasury");
        var doc = Assert.Single(await Desk.ListAsync()).DocumentId;

        Assert.Equal($"Bank document #{doc} is not a payment to the company (unknown); it can only be ignored.",
            (await Assert.ThrowsAsync<Conflict>(() => Desk.ToCreditAsync(doc, 7583, "a"))).Message);
        Assert.Equal("ignored", await Desk.IgnoreAsync(doc, "не наш счёт", "a"));
        Assert.Equal(0, await CountAsync("payments"));
    }
}
