using BackOffice.Ledger;
using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;

namespace BackOffice.Sync.Tests.Bank;

public sealed class PaymentClaimsTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    PaymentClaims Claims => new(Db, Clock);

    [Fact]
    public async Task A_claim_is_found_in_what_was_imported_before_and_its_manager_is_told_once()
    {
        await Import.ImportFileAsync(Statement("a.txt", new Order("00415", 5300m, "Оплата")), "treasury");

        var claim = await Claims.AddAsync(new ClaimInput(FabrikaInn, "415", new DateOnly(2019, 2, 11), 5300m, 1), "desk");

        Assert.NotNull(claim.FoundDocumentId);
        Assert.Equal(1, await CountAsync("outgoing_mail",
            $"kind = 'claim_found' and dedupe_key = 'payment_claim:{claim.Id}:found' and to_address = 'ekamyshina@bit-live.example'"));
        await Import.ImportFileAsync(Statement("b.txt", new Order("415", 5300m, "Оплата другая")), "treasury");
        Assert.Equal(1, await CountAsync("outgoing_mail"));
    }

    [Fact]
    public async Task A_claim_waits_for_a_later_import()
    {
        var claim = await Claims.AddAsync(new ClaimInput(FabrikaInn, "415", new DateOnly(2019, 2, 11), 5300m, 2), "desk");
        Assert.Null(claim.FoundDocumentId);
        await Import.ImportFileAsync(Statement("a.txt", new Order("415", 5299m, "Оплата")), "treasury");
        Assert.Null((await Claims.GetAsync(claim.Id)).FoundDocumentId);

        await Import.ImportFileAsync(Statement("b.txt", new Order("415", 5300m, "Оплата")), "treasury");

        var found = await Claims.GetAsync(claim.Id);
        Assert.NotNull(found.FoundDocumentId);
        Assert.NotNull(found.NotifiedAt);
        Assert.Equal(1, await CountAsync("outgoing_mail", "to_address = 'ubestuzheva@bit-live.example' and subject like 'Платёж найден: п/п № 415 от 11.02.2019%'"));
    }

    [Theory]
    [InlineData("77083059", "415", "100", 1, "An INN is 10 or 12 digits, not '77083059'.")]
    [InlineData(FabrikaInn, " ", "100", 1, "A claim needs the payment order's number.")]
    [InlineData(FabrikaInn, "415", "0", 1, "A claimed amount is more than zero in roubles and kopecks, not 0.")]
    [InlineData(FabrikaInn, "415", "1.001", 1, "A claimed amount is more than zero in roubles and kopecks, not 1.001.")]
    public async Task Wrong_claims_are_refused_and_nothing_is_stored(string inn, string number, string amount, int manager, string expected)
    {
        var error = await Assert.ThrowsAsync<InvalidInput>(() =>
            Claims.AddAsync(new ClaimInput(inn, number, new DateOnly(2019, 2, 11), decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), manager), "desk"));
        Assert.Equal(expected, error.Message);
        Assert.Equal(0, await CountAsync("payment_claims"));
    }

    [Fact]
    public async Task A_claim_for_an_unknown_manager_is_refused()
    {
        Assert.Equal("There is no staff member #404.", (await Assert.ThrowsAsync<NotFound>(() =>
            Claims.AddAsync(new ClaimInput(FabrikaInn, "1", new DateOnly(2019, 2, 11), 1m, 404), "desk"))).Message);
        Assert.Equal(0, await CountAsync("payment_claims"));
    }
}
