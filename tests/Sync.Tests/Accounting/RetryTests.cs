using BackOffice.Ledger;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Sync.Tests.Accounting;

/// <summary>SyncProblems.RetryAsync: what `sync retry` and the accountant's page call, by invoice number.</summary>
public class RetryTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    [Fact]
    public async Task A_given_up_invoice_is_put_back_by_its_number_and_then_reaches_1c()
    {
        using var services = Build(("MaxAttempts", "1"));
        var (_, number) = await PublishAsync(Fabrika, 100m);
        await PublishAsync(SetOteley, 200m);
        OneC.FailNext(FakeFailure.Error500, method: "POST", entity: Invoices1C);
        Assert.Equal(1, (await RunAsync(services)).GaveUp);
        var problems = new SyncProblems(Database);
        var gaveUp = Assert.Single(await problems.ListAsync());
        Assert.Equal(("gave_up", Fabrika, number), (gaveUp.Kind, gaveUp.ClientId, Assert.Single(gaveUp.Invoices)));

        Assert.Equal(1, await problems.RetryAsync(number, "ivanova", Clock.GetUtcNow().UtcDateTime));

        Assert.Empty(await problems.ListAsync());
        Assert.Equal(1, (await RunAsync(services)).Created);
        Assert.Equal(2, Documents1C().Count);
        Assert.Equal(0, await problems.RetryAsync(number, "ivanova", Clock.GetUtcNow().UtcDateTime)); // nothing left to put back
    }

    [Fact]
    public async Task An_unknown_number_is_refused_and_nothing_changes()
    {
        using var services = Build(("MaxAttempts", "1"));
        await PublishAsync(Fabrika, 100m);
        OneC.FailNext(FakeFailure.Error500, method: "POST", entity: Invoices1C);
        Assert.Equal(1, (await RunAsync(services)).GaveUp);
        var before = await SnapshotAsync(Tables);

        var e = await Assert.ThrowsAsync<NotFound>(() => new SyncProblems(Database).RetryAsync(99999, "ivanova", Clock.GetUtcNow().UtcDateTime));

        Assert.Equal("There is no invoice № 99999.", e.Message);
        Assert.Equal(before, await SnapshotAsync(Tables));
    }

    [Fact]
    public async Task Who_sent_an_invoice_again_is_recorded_and_shown_when_it_is_given_up_on_again()
    {
        using var services = Build(("MaxAttempts", "1"));
        var (_, number) = await PublishAsync(Fabrika, 100m);
        OneC.FailNext(FakeFailure.Error500, method: "POST", entity: Invoices1C);
        Assert.Equal(1, (await RunAsync(services)).GaveUp);
        var problems = new SyncProblems(Database);
        Assert.Null(Assert.Single(await problems.ListAsync()).RetriedBy); // nobody has sent it again yet

        Assert.Equal(1, await problems.RetryAsync(number, "ivanova", Clock.GetUtcNow().UtcDateTime));
        var shown = await services.GetRequiredService<SyncStatus>().ShowAsync(number);
        Assert.Equal(("waiting", "ivanova"), (shown.State, shown.RetriedBy));
        Assert.NotNull(shown.RetriedAt);

        OneC.FailNext(FakeFailure.Error500, method: "POST", entity: Invoices1C);
        Assert.Equal(1, (await RunAsync(services)).GaveUp);
        var again = Assert.Single(await problems.ListAsync());
        Assert.Equal(("gave_up", "ivanova"), (again.Kind, again.RetriedBy));
        Assert.Equal("given up", (await services.GetRequiredService<SyncStatus>().ShowAsync(number)).State);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Sending_again_without_saying_who_is_refused_and_nothing_changes(string by)
    {
        using var services = Build(("MaxAttempts", "1"));
        var (_, number) = await PublishAsync(Fabrika, 100m);
        OneC.FailNext(FakeFailure.Error500, method: "POST", entity: Invoices1C);
        Assert.Equal(1, (await RunAsync(services)).GaveUp);
        var before = await SnapshotAsync(Tables);

        var e = await Assert.ThrowsAsync<InvalidInput>(() => new SyncProblems(Database).RetryAsync(number, by, Clock.GetUtcNow().UtcDateTime));

        Assert.Equal("by", e.Field);
        Assert.Equal(before, await SnapshotAsync(Tables));
    }
}
