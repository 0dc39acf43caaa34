using BackOffice.Ledger;
using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>Issue 8 "Paying never reaches another client by guesswork".</summary>
public sealed class ThirdPartyPaymentTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    static readonly DateOnly Jan = new(2019, 1, 10);
    const string StrangerInn = "7700000000";
    const string StrangerAccount = "40702810100000000999";
    const string HotelsInn = "7725381772"; // client #12460

    ReviewDesk Desk => new(Db, Clock);

    [Fact]
    public async Task A_payer_whose_INN_is_not_the_clients_is_not_found_by_the_clients_account()
    {
        var first = await InvoiceAsync(7583, 1000m, Jan);
        await Import.ImportFileAsync(Statement("a.txt", new Order("1", 1000m, $"Оплата по счету № {first}")), "treasury");
        var second = await InvoiceAsync(7583, 250m, Jan);

        // the account #7583 paid from before, but the ИНН is someone else's
        var summary = await Import.ImportFileAsync(Statement("b.txt", new Order("2", 250m, $"Оплата по счету № {second}") { PayerInn = StrangerInn }), "treasury");

        Assert.Equal((0, 1), (summary.Matched, summary.ToReview));
        Assert.Equal("unpaid", await ScalarAsync<string>($"select status from invoices where number = {second}"));
        var queued = Assert.Single(await Desk.ListAsync());
        Assert.StartsWith($"No client has the payer's INN {StrangerInn} or account 40702810100000000777", queued.Reason);
        Assert.EndsWith($"The purpose names invoice № {second}.", queued.Reason);
        Assert.Equal("queue.payer-unknown-naming-invoice", queued.ReasonCode);
        Assert.Equal([StrangerInn, "40702810100000000777"], queued.ReasonArguments!.Take(2));
        Assert.Equal($"{second}", queued.ReasonArguments![^1]);
        Assert.Equal(1, await CountAsync("payments"));
    }

    [Fact]
    public async Task Another_clients_invoice_needs_third_party_which_is_recorded_and_never_teaches_the_payers_account()
    {
        var hotels = await InvoiceAsync(12460, 700m, Jan);
        var later = await InvoiceAsync(12460, 300m, Jan.AddDays(1));
        await Import.ImportFileAsync(Statement("a.txt",
            new Order("1", 700m, $"Оплата по счету № {hotels} за ООО «Сеть Отелей»") { PayerInn = StrangerInn, PayerAccount = StrangerAccount }), "treasury");
        var doc = Assert.Single(await Desk.ListAsync()).DocumentId;
        var before = await SnapshotAsync(Money);

        var refused = await Assert.ThrowsAsync<Conflict>(() => Desk.MatchToInvoicesAsync(doc, [hotels], "ivanova"));

        Assert.Equal($"Invoice № {hotels} is client #12460's, not the payer's (ООО Плательщик, ИНН {StrangerInn}): " +
            "if the payer really pays for that client, match it again with --third-party.", refused.Message);
        Assert.Equal(before, await SnapshotAsync(Money));

        Assert.Equal("matched", await Desk.MatchToInvoicesAsync(doc, [hotels], "ivanova", thirdParty: true));
        Assert.Equal("paid", await ScalarAsync<string>($"select status from invoices where number = {hotels}"));
        Assert.Equal(1, await CountAsync("bank_documents", $"id = {doc} and third_party and client_id = 12460"));
        Assert.Equal(1, await CountAsync("bank_review_queue",
            $"document_id = {doc} and resolved_by = 'ivanova' and resolution = 'invoices {hotels}; third-party payment by ООО Плательщик, ИНН {StrangerInn}'"));

        // the same account again, no ИНН this time: the resolved third-party payment must not name the payer
        var summary = await Import.ImportFileAsync(Statement("b.txt",
            new Order("2", 300m, $"Оплата по счету № {later}") { PayerInn = "", PayerKpp = "", PayerAccount = StrangerAccount }), "treasury");

        Assert.Equal((0, 1), (summary.Matched, summary.ToReview));
        Assert.Equal("unpaid", await ScalarAsync<string>($"select status from invoices where number = {later}"));
        Assert.StartsWith($"No client has the payer's INN (none) or account {StrangerAccount}", (await Desk.ListAsync()).Single().Reason);
    }

    [Fact]
    public async Task A_first_party_payment_resolved_by_hand_still_teaches_its_account()
    {
        var own = await InvoiceAsync(12460, 700m, Jan);
        var later = await InvoiceAsync(12460, 300m, Jan.AddDays(1));
        await Import.ImportFileAsync(Statement("a.txt",
            new Order("1", 650m, "Оплата за услуги") { PayerInn = HotelsInn, PayerKpp = "772501001", PayerAccount = StrangerAccount }), "treasury");
        var doc = Assert.Single(await Desk.ListAsync()).DocumentId;

        Assert.Equal("partial", await Desk.MatchToInvoicesAsync(doc, [own], "ivanova"));
        var summary = await Import.ImportFileAsync(Statement("b.txt",
            new Order("2", 300m, $"Оплата по счету № {later}") { PayerInn = "", PayerKpp = "", PayerAccount = StrangerAccount }), "treasury");

        Assert.Equal(1, summary.Matched);
        Assert.Equal(0, await CountAsync("bank_documents", "third_party"));
    }

    [Fact]
    public async Task Third_party_onto_a_paid_invoice_or_onto_the_payers_own_invoice_is_refused_and_nothing_changes()
    {
        var paid = await InvoiceAsync(12460, 100m, Jan);
        await Import.ImportFileAsync(Statement("p.txt", new Order("1", 100m, $"Оплата по счету № {paid}")
            { PayerInn = HotelsInn, PayerKpp = "772501001", PayerAccount = "40702810100000000888" }), "treasury");
        var own = await InvoiceAsync(7583, 50m, Jan);
        await InvoiceAsync(7583, 50m, Jan.AddDays(2));
        await Import.ImportFileAsync(Statement("q.txt", new Order("2", 50m, "Оплата за услуги")), "treasury");
        var doc = Assert.Single(await Desk.ListAsync()).DocumentId;
        var before = await SnapshotAsync(Money);

        Assert.Equal($"Invoice № {paid} is paid; a third-party payment cannot go onto it either.",
            (await Assert.ThrowsAsync<Conflict>(() => Desk.MatchToInvoicesAsync(doc, [paid], "ivanova", thirdParty: true))).Message);
        Assert.Equal($"Invoice № {own} is the payer's own (client #7583): this is not a third-party payment; match it without --third-party.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Desk.MatchToInvoicesAsync(doc, [own], "ivanova", thirdParty: true))).Message);
        Assert.Equal(before, await SnapshotAsync(Money));
    }
}
