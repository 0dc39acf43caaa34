using BackOffice.Ledger.Clients;
using BackOffice.Ledger.Demo;
using BackOffice.Tests.Support;

namespace BackOffice.Ledger.Tests.Clients;

/// <summary>The client list in pages (the web's /Clients): a page further on and the count over all pages, same terms as the search.</summary>
public class ClientSearchPagingTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    ClientBook Book => new(Db, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await new DemoData(Db).LoadAsync();
    }

    [Fact]
    public async Task Pages_follow_each_other_by_id_and_the_count_covers_every_page()
    {
        var all = await Book.SearchAsync(null);
        Assert.Equal(all.Count, await Book.CountAsync(null));

        var first = await Book.SearchAsync(null, limit: 2);
        var second = await Book.SearchAsync(null, limit: 2, offset: 2);
        Assert.Equal(all.Take(4).Select(c => c.Id), first.Concat(second).Select(c => c.Id));
        Assert.Empty(await Book.SearchAsync(null, limit: 2, offset: all.Count));
    }

    [Fact]
    public async Task The_count_takes_the_same_terms_text_manager_and_contractor_code()
    {
        Assert.Equal(1, await Book.CountAsync("7708305901"));
        Assert.Equal(1, await Book.CountAsync("00-007583"));
        Assert.Equal(0, await Book.CountAsync("нет такого"));
        // Бестужева manages 4314, 9021 and 708; Камышина the other three, one of them (7583) found by «фабрика».
        Assert.Equal([708, 4314, 9021], (await Book.SearchAsync(null, manager: "ubestuzheva")).Select(c => c.Id));
        Assert.Equal(3, await Book.CountAsync(null, manager: "ubestuzheva"));
        Assert.Equal(0, await Book.CountAsync("фабрика", manager: "2"));
        Assert.Equal(1, await Book.CountAsync("фабрика", manager: "1"));
        Assert.Equal(1, await Book.CountAsync(null, contractorCode: "00-004314"));
    }

    [Fact]
    public async Task An_unknown_manager_is_said_so()
    {
        var e = await Assert.ThrowsAsync<NotFound>(() => Book.CountAsync(null, manager: "nobody"));
        Assert.Contains("nobody", e.Message);
    }
}
