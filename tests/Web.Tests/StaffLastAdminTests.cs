using BackOffice.Ledger.Staff;
using Dapper;

namespace BackOffice.Web.Tests;

/// <summary>
/// The last active admin keeps his role and stays active, by verb and by page: otherwise nobody could manage staff. Each
/// test makes its admin the only active one for a while, so they run alone (no other test's admin is switched off under it).
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class StaffLastAdminTests(WebSite site)
{
    Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = site.ConnectionString };

    async Task<string> RowAsync(int id)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("select row(s.*)::text from staff s where id = @id", new { id }) ?? "";
    }

    Task<long> AllChangesAsync() => site.ScalarAsync("select count(*) from staff_changes");

    /// <summary>Every other active admin switched off directly (not a staff change) while the test runs, and back after.</summary>
    async Task AsTheOnlyAdminAsync(StaffLogin admin, Func<Task> test)
    {
        int[] others;
        await using (var conn = await site.Db.OpenConnectionAsync())
            others = (await conn.QueryAsync<int>(
                "update staff set active = false where active and 'admin' = any(roles) and id <> @Id returning id", new { admin.Id })).ToArray();
        try
        {
            await test();
        }
        finally
        {
            await using var conn = await site.Db.OpenConnectionAsync();
            await conn.ExecuteAsync("update staff set active = true where id = any(@others)", new { others });
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task The_last_active_admin_can_be_neither_deactivated_nor_demoted_by_verb_and_nothing_changes()
    {
        var last = await site.StaffAsync(StaffRoles.Admin, StaffRoles.Support);
        await AsTheOnlyAdminAsync(last, async () =>
        {
            var before = await RowAsync(last.Id);
            var changes = await AllChangesAsync();

            var off = await Cli.RunAsync(Config, "staff", "deactivate", last.Login, "--by", "boss");
            Assert.True(off.ExitCode == 1, off.ToString());
            Assert.Contains($"{last.Login} is the last active admin", off.Err);
            var demoted = await Cli.RunAsync(Config, "staff", "roles", last.Login, "--set", "support", "--by", "boss");
            Assert.True(demoted.ExitCode == 1, demoted.ToString());
            Assert.Contains($"{last.Login} is the last active admin", demoted.Err);
            // Even by himself: he is told he is the last, not that another admin could do it.
            var self = await Cli.RunAsync(Config, "staff", "deactivate", last.Login, "--by", last.Login);
            Assert.Contains("is the last active admin", self.Err);

            Assert.Equal(before, await RowAsync(last.Id));
            Assert.Equal(changes, await AllChangesAsync());

            // With a second admin, the first may go.
            var second = await site.StaffAsync(StaffRoles.Admin);
            var allowed = await Cli.RunAsync(Config, "staff", "roles", last.Login, "--set", "support", "--by", "boss");
            Assert.True(allowed.ExitCode == 0, allowed.ToString());
            var lastNow = await Cli.RunAsync(Config, "staff", "deactivate", second.Login, "--by", "boss");
            Assert.True(lastNow.ExitCode == 1, lastNow.ToString());
            Assert.Contains($"{second.Login} is the last active admin", lastNow.Err);
        });
    }

    [Fact(Timeout = 180_000)]
    public async Task The_last_active_admin_cannot_take_his_own_role_nor_deactivate_himself_on_the_page_and_nothing_changes()
    {
        var last = await site.StaffAsync(StaffRoles.Admin, StaffRoles.Support);
        var page = await site.SignedInAsync(last);
        await AsTheOnlyAdminAsync(last, async () =>
        {
            var before = await RowAsync(last.Id); // signed in: his last sign-in is part of the row
            var changes = await AllChangesAsync();
            await page.GotoAsync(site.Url($"/Staff/{last.Id}"));
            var refusal = $"Ничего не изменено. «{last.Login}» — последний действующий администратор: без него сотрудниками некому будет управлять. " +
                          "Сначала дайте роль администратора другому сотруднику.";

            await page.Locator("#roles-form input[value='admin']").UncheckAsync();
            await page.ClickAsync("#roles-form button[type=submit]");
            Assert.Equal(refusal, await page.InnerTextAsync("#error"));

            await page.ClickAsync("#active-form button");
            Assert.Equal(refusal, await page.InnerTextAsync("#error"));

            Assert.Equal(before, await RowAsync(last.Id));
            Assert.Equal(changes, await AllChangesAsync());
            Assert.Equal(200, (await page.GotoAsync(site.Url("/Staff")))!.Status);
        });
    }
}
