using BackOffice.Ledger.Clients;
using BackOffice.Ledger.Demo;
using BackOffice.Tests.Support;

namespace BackOffice.Ledger.Tests.Clients;

public class DemoDataTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    [Fact]
    public async Task Loading_twice_duplicates_nothing_and_new_ids_follow_the_demo_ones()
    {
        var first = await new DemoData(Db).LoadAsync();
        var snapshot = await SnapshotAsync("clients", "staff", "departments", "organisations", "products", "product_prices",
            "config_options", "config_option_prices", "services", "service_options", "client_notes");
        var second = await new DemoData(Db).LoadAsync();
        Assert.Equal(first, second);
        Assert.Equal(snapshot, await SnapshotAsync("clients", "staff", "departments", "organisations", "products", "product_prices",
            "config_options", "config_option_prices", "services", "service_options", "client_notes"));

        var added = await new ClientBook(Db, Clock).AddAsync(new ClientChanges { FirstName = "Новый", Email = "new@client.ru" });
        Assert.True(added.Id > 12460);
    }

    [Fact]
    public async Task The_demo_clients_have_valid_requisites_and_the_seed_client_is_there()
    {
        await new DemoData(Db).LoadAsync();
        var book = new ClientBook(Db, Clock);
        var all = await book.SearchAsync(null);
        Assert.True(all.Count >= 5);
        foreach (var c in all.Where(c => c.Inn is not null))
            Assert.Null(Requisites.InnProblem(c.Inn!));
        foreach (var c in all.Where(c => c.Kpp is not null))
            Assert.Null(Requisites.KppProblem(c.Kpp!));
        var s = await book.GetAsync(7583);
        Assert.Equal("ООО «Фабрика Бизнеса»", s.CompanyName);
        Assert.Equal("Камышина Екатерина", s.SalesManager);
        Assert.Equal(5, (await book.SummaryAsync(7583)).Services.Sum(x => x.Count));
    }
}
