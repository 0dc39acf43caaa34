using System.Collections.Concurrent;
using System.Diagnostics;
using BackOffice.Ledger.Staff;
using BackOffice.Tests.Support;

namespace BackOffice.Web.Tests;

/// <summary>
/// Two `backoffice run` behind one proxy: a session cookie made by one is accepted by the other, because the cookie keys
/// are in the database (web_keys) and not in the service account's home.
/// </summary>
public sealed class SharedKeysTests(WebSite site)
{
    [Fact(Timeout = 300_000)]
    public async Task A_session_made_by_one_instance_is_accepted_by_a_second_on_the_same_database()
    {
        // The second instance has a home of its own (empty): with keys kept in ~/.aspnet it would make a key of its own
        // and refuse the first one's cookie.
        var home = Directory.CreateTempSubdirectory("backoffice-home-");
        var port = WorkerProcess.FreePort();
        var output = new ConcurrentQueue<string>();
        var second = WorkerProcess.Start(site.ConnectionString, new Dictionary<string, string>
        {
            ["HOME"] = home.FullName,
            ["BackOffice__Web__Enabled"] = "true",
            ["BackOffice__Web__Urls"] = $"http://127.0.0.1:{port}",
            ["BackOffice__Web__PathBase"] = site.PathBase,
            ["BackOffice__Scheduler__Enabled"] = "false",
        }, output);
        try
        {
            var secondUrl = $"http://127.0.0.1:{port}{site.PathBase}";
            await WorkerProcess.WaitUntilServingAsync(second, secondUrl + "/login", output);
            var who = await site.StaffAsync(StaffRoles.Treasury);
            var page = await site.SignedInAsync(who); // signed in on the first instance

            // Cookies are not kept apart by port: the browser sends the first instance's session cookie to the second.
            var response = await page.GotoAsync(secondUrl + "/Treasury");
            Assert.True(response!.Status == 200, $"{response.Status} {page.Url}\n{string.Join('\n', output.TakeLast(40))}");
            Assert.DoesNotContain("/login", page.Url); // a cookie it cannot read sends him to sign in again
            Assert.Equal("Тестов treasury", await page.InnerTextAsync("#current-staff"));
            Assert.Equal(403, (await page.GotoAsync(secondUrl + "/Accounting"))!.Status); // his roles, read by the second instance

            Assert.False(Directory.Exists(Path.Combine(home.FullName, ".aspnet")), "the second instance wrote keys into its home");
            Assert.True(await site.ScalarAsync("select count(*) from web_keys") >= 1);

        }
        finally
        {
            await WorkerProcess.StopAllAsync([second]);
            home.Delete(recursive: true);
        }
    }
}
