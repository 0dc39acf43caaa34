using BackOffice.Ledger;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Sync.Tests.Accounting;

/// <summary>The 1C side of a client as its card shows it: the contractor, its invoices in 1C or waiting, and the open problem.</summary>
public class ContractorStatusTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    ContractorStatus Status => Services.GetRequiredService<ContractorStatus>();

    [Fact]
    public async Task A_client_whose_invoices_reached_1c_shows_its_contractor_and_the_count()
    {
        Assert.Equal("not sent", (await Status.ForClientAsync(Fabrika)).State);
        await PublishAsync(Fabrika, 1500m);
        Assert.Equal(("waiting", 1), ((await Status.ForClientAsync(Fabrika)).State, (await Status.ForClientAsync(Fabrika)).Waiting));

        await RunAsync();

        var s = await Status.ForClientAsync(Fabrika);
        Assert.Equal(("in 1C", "00-007583", Contractors[Fabrika], 1, 0, 0), (s.State, s.ContractorCode, s.ContractorKey, s.InvoicesIn1C, s.Waiting, s.GivenUp));
        Assert.NotNull(s.LastSyncedAt);
        Assert.Null(s.Problem);
    }

    [Fact]
    public async Task A_client_without_a_code_shows_the_problem_with_its_fix_and_what_waits()
    {
        await PublishAsync(Apelsin, 700m);
        await RunAsync();

        var s = await Status.ForClientAsync(Apelsin);
        Assert.Equal(("problem", (string?)null, (Guid?)null, 0, 1), (s.State, s.ContractorCode, s.ContractorKey, s.InvoicesIn1C, s.Waiting));
        Assert.Equal("no_code", s.Problem!.Kind);
        Assert.Contains("has no Union contractor code", s.Problem.Message);
        Assert.Contains("--contractor-code", s.Problem.Fix);
        // Another client's problem is not this one's.
        Assert.Null((await Status.ForClientAsync(Fabrika)).Problem);
    }

    [Fact]
    public async Task An_unknown_client_is_said_so()
    {
        var e = await Assert.ThrowsAsync<NotFound>(() => Status.ForClientAsync(99999));
        Assert.Contains("#99999", e.Message);
    }
}
