namespace BackOffice.Web.Tests;

/// <summary>The header on every page: the three figures, each equal to what the database holds, each a link to its list.</summary>
[Collection(RunsAlone.Name)]
public sealed class HeaderTests(WebSite site)
{
    const string Overdue = "status in ('unpaid', 'collections') and due_date < (now() at time zone 'Europe/Moscow')::date";
    const string Awaiting = "status in ('open', 'customer_reply', 'in_progress')";

    [Fact(Timeout = 120_000)]
    public async Task An_admin_signs_in_and_sees_the_databases_counts_in_the_header()
    {
        var pending = await site.ScalarAsync("select count(*) from orders where status = 'pending'");
        var overdue = await site.ScalarAsync($"select count(*) from invoices where {Overdue}");
        var awaiting = await site.ScalarAsync($"select count(*) from tickets where {Awaiting}");
        Assert.True(pending > 0 && overdue > 0 && awaiting > 0, "the world must hold something of each, or the test proves nothing");

        var page = await site.SignedInAsync(await site.StaffAsync("admin"));
        foreach (var path in new[] { "/", "/Clients", "/Invoices" })
        {
            await page.GotoAsync(site.Url(path));
            Assert.Equal(WebSite.Invariant(pending), await page.InnerTextAsync("#header-pending-orders b"));
            Assert.Equal(WebSite.Invariant(overdue), await page.InnerTextAsync("#header-overdue-invoices b"));
            Assert.Equal(WebSite.Invariant(awaiting), await page.InnerTextAsync("#header-awaiting-tickets b"));
            // Looked at by a person once (issue 15): bin/…/screens/*.png.
            await site.ShotAsync(page, path.Trim('/') is { Length: > 0 } p ? p : "home");
        }

        await page.ClickAsync("#header-overdue-invoices");
        Assert.Equal(WebSite.Invariant(overdue), await page.InnerTextAsync("#invoices-count"));
        await page.ClickAsync("#header-pending-orders");
        Assert.Equal(WebSite.Invariant(pending), await page.InnerTextAsync("#orders-count"));
        await page.ClickAsync("#header-awaiting-tickets");
        Assert.Equal(awaiting, await page.Locator("#tickets tbody tr").CountAsync());

        // A status typed into the address is refused in Russian on the list, not with the error page.
        var bad = await page.GotoAsync(site.Url("/Orders?status=bogus"));
        Assert.Equal(200, bad!.Status);
        Assert.Equal("«bogus» — не статус заказа.", await page.InnerTextAsync("#filter-error"));
        Assert.Equal("0", await page.InnerTextAsync("#orders-count"));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_manager_sees_only_his_own_clients_figures()
    {
        const string mine = "(c.sales_manager_id = @m or c.personal_manager_id = @m)";
        var manager = await site.StaffAsync("manager");
        await site.ScalarAsync("update clients set sales_manager_id = @id where id = @client returning id", new { id = manager.Id, client = WebWorld.ClientOfOne });
        var pending = await site.ScalarAsync($"select count(*) from orders o join clients c on c.id = o.client_id where o.status = 'pending' and {mine}", new { m = manager.Id });
        var overdue = await site.ScalarAsync($"select count(*) from invoices i join clients c on c.id = i.client_id where i.status in ('unpaid', 'collections') and i.due_date < (now() at time zone 'Europe/Moscow')::date and {mine}", new { m = manager.Id });
        Assert.True(pending > 0 && overdue > 0);
        Assert.True(pending < await site.ScalarAsync("select count(*) from orders where status = 'pending'"));

        var page = await site.SignedInAsync(manager);
        Assert.Equal(WebSite.Invariant(pending), await page.InnerTextAsync("#header-pending-orders b"));
        Assert.Equal(WebSite.Invariant(overdue), await page.InnerTextAsync("#header-overdue-invoices b"));
        Assert.Equal(0, await page.Locator("#header-awaiting-tickets").CountAsync()); // tickets are support's pages
    }
}
