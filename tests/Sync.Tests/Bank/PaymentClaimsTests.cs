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
    [InlineData("77083059", "415", "100", 1, "ИНН '77083059' must be 10 digits (organisation) or 12 digits (individual, ИП); it has 8 character(s).")]
    [InlineData("7708305902", "415", "100", 1, "ИНН '7708305902' fails the check of digit 10: it should be 1, it is 2.")]
    [InlineData("770830590112", "415", "100", 1, "ИНН '770830590112' fails the check of digit 11: it should be 0, it is 1.")]
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

    [Fact]
    public async Task The_same_claim_twice_is_refused_naming_the_first_and_nothing_changes()
    {
        var first = await Claims.AddAsync(new ClaimInput(FabrikaInn, "415", new DateOnly(2019, 2, 11), 5300m, 1), "desk");
        var before = await SnapshotAsync(Money);

        var error = await Assert.ThrowsAsync<Conflict>(() => Claims.AddAsync(new ClaimInput(FabrikaInn, " 000415", new DateOnly(2019, 2, 11), 5300m, 2), "other"));

        Assert.Equal($"This payment is claimed already: claim #{first.Id} (by desk) for п/п № 000415 от 11.02.2019, ИНН {FabrikaInn}, 5300.00.", error.Message);
        Assert.Equal(before, await SnapshotAsync(Money));
        // another amount or date is another claim
        await Claims.AddAsync(new ClaimInput(FabrikaInn, "415", new DateOnly(2019, 2, 11), 5300.01m, 1), "desk");
        await Claims.AddAsync(new ClaimInput(FabrikaInn, "415", new DateOnly(2019, 2, 12), 5300m, 1), "desk");
        Assert.Equal(3, await CountAsync("payment_claims"));
    }

    [Fact]
    public async Task A_manager_without_an_email_is_refused_at_the_claim()
    {
        await using (var conn = await Db.OpenConnectionAsync())
        await using (var cmd = new Npgsql.NpgsqlCommand("insert into staff (id, login, full_name, email) values (90, 'noemail', 'Безпочтов Иван', null)", conn))
            await cmd.ExecuteNonQueryAsync();
        var before = await SnapshotAsync(Money);

        var error = await Assert.ThrowsAsync<InvalidInput>(() => Claims.AddAsync(new ClaimInput(FabrikaInn, "415", new DateOnly(2019, 2, 11), 5300m, 90), "desk"));

        Assert.Equal("Staff member #90 (Безпочтов Иван) has no email, so the notice that the payment arrived could not reach them: " +
            "give them an email first, or name another manager.", error.Message);
        Assert.Equal(before, await SnapshotAsync(Money));
    }
}
