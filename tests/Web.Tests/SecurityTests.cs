using System.Net;

namespace BackOffice.Web.Tests;

/// <summary>The "Security, tested": scoping, roles, antiforgery, the session cookie, lock-out, escaping, the path base.</summary>
public sealed class SecurityTests(WebSite site)
{
    [Fact(Timeout = 120_000)]
    public async Task A_manager_opening_another_managers_client_by_URL_gets_404()
    {
        var mine = await site.StaffAsync("manager");
        var other = await site.StaffAsync("manager");
        var client = await site.ClientAsync("ООО «Чужой клиент»", other.Id);

        var page = await site.SignedInAsync(mine);
        var response = await page.GotoAsync(site.Url($"/Clients/{client}"));
        Assert.Equal(404, response!.Status);
        Assert.Equal("Не найдено", await page.InnerTextAsync("#error-title"));
        Assert.DoesNotContain("Чужой клиент", await page.ContentAsync());
        // Nor in his list:
        await page.GotoAsync(site.Url($"/Clients?q={client}"));
        Assert.Equal(0, await page.Locator("#clients tbody tr").CountAsync());

        // The client's own manager and an admin open it; a client that does not exist is 404 for anyone.
        var owner = await site.SignedInAsync(other);
        Assert.Equal(200, (await owner.GotoAsync(site.Url($"/Clients/{client}")))!.Status);
        Assert.Contains("Чужой клиент", await owner.InnerTextAsync("#client-name"));
        var admin = await site.SignedInAsync(await site.StaffAsync("manager", "admin"));
        Assert.Equal(200, (await admin.GotoAsync(site.Url($"/Clients/{client}")))!.Status);
        Assert.Equal(404, (await admin.GotoAsync(site.Url("/Clients/999999999")))!.Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_page_of_another_role_is_403_and_its_link_is_not_shown()
    {
        var support = await site.SignedInAsync(await site.StaffAsync("support"));
        foreach (var path in new[] { "/Treasury", "/Accounting", "/Staff" })
        {
            var r = await support.GotoAsync(site.Url(path));
            Assert.Equal(403, r!.Status);
            Assert.Equal("Нет доступа", await support.InnerTextAsync("#error-title"));
        }
        Assert.Equal(200, (await support.GotoAsync(site.Url("/Tickets")))!.Status);
        Assert.Equal(0, await support.Locator("nav a[href$='/Treasury']").CountAsync());

        var treasury = await site.SignedInAsync(await site.StaffAsync("treasury"));
        Assert.Equal(200, (await treasury.GotoAsync(site.Url("/Treasury")))!.Status);
        Assert.Equal(403, (await treasury.GotoAsync(site.Url("/Tickets")))!.Status);
        var admin = await site.SignedInAsync(await site.StaffAsync("admin"));
        foreach (var path in new[] { "/Treasury", "/Accounting", "/Staff", "/Tickets" })
            Assert.Equal(200, (await admin.GotoAsync(site.Url(path)))!.Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task Signed_out_a_page_sends_to_the_sign_in_page_under_the_path_base_and_back()
    {
        var who = await site.StaffAsync("treasury");
        var page = await site.PageAsync();
        await page.GotoAsync(site.Url("/Treasury"));
        Assert.StartsWith(site.Url("/login?ReturnUrl="), page.Url, StringComparison.OrdinalIgnoreCase);
        await page.FillAsync("#login", who.Login);
        await page.FillAsync("#password", who.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(site.Url("/Treasury"));
        Assert.Equal("Казначейство", await page.InnerTextAsync("h1"));

        // A stray request outside the path base is not served (nor does it leave cookies for the wrong path).
        using var http = new HttpClient();
        var root = new Uri(site.BaseUrl).GetLeftPart(UriPartial.Authority);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(root + "/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(site.Url("/static/site.css"))).StatusCode);

        // Sign-out is a POST from the header; afterwards the pages ask to sign in again.
        await page.ClickAsync("text=Выйти");
        await page.WaitForURLAsync(u => u.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync(site.Url("/"));
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_POST_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var who = await site.StaffAsync("support");
        var page = await site.SignedInAsync(who);
        // Sign-out without the token: 400, and the session lives on.
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("note", "no token");
        var logout = await page.Context.APIRequest.PostAsync(site.Url("/logout"), new() { Form = form });
        Assert.Equal(400, logout.Status);
        await page.GotoAsync(site.Url("/"));
        Assert.Equal(1, await page.Locator("#current-staff").CountAsync());

        // Sign-in without the token: 400, no session cookie, and the failure counter untouched.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var before = await site.ScalarAsync("select failed_sign_ins from staff where id = @Id", new { who.Id });
        using var r = await http.PostAsync(site.Url("/login"), new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = who.Login, ["password"] = "wrong-password" }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.DoesNotContain(r.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("BackOffice.Session", StringComparison.Ordinal));
        Assert.Equal(before, await site.ScalarAsync("select failed_sign_ins from staff where id = @Id", new { who.Id }));
    }

    [Theory(Timeout = 120_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_session_cookie_is_HttpOnly_SameSite_and_Secure_behind_HTTPS(bool https)
    {
        var who = await site.StaffAsync("support");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var get = new HttpRequestMessage(HttpMethod.Get, site.Url("/login"));
        if (https) get.Headers.Add("X-Forwarded-Proto", "https");
        using var form = await http.SendAsync(get);
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("BackOffice.Antiforgery=", StringComparison.Ordinal));
        var token = WebSite.AntiforgeryToken(await form.Content.ReadAsStringAsync());

        using var post = new HttpRequestMessage(HttpMethod.Post, site.Url("/login"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["login"] = who.Login, ["password"] = who.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        if (https) post.Headers.Add("X-Forwarded-Proto", "https");
        using var signedIn = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("BackOffice.Session=", StringComparison.Ordinal));
        var attributes = session.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Equal(https, attributes.Contains("secure"));
        Assert.Contains("path=/backoffice", attributes);
        Assert.Equal(https, antiforgery.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).Contains("secure"));
    }

    [Fact(Timeout = 180_000)]
    public async Task Ten_wrong_passwords_lock_the_account_and_a_new_password_lifts_it()
    {
        var who = await site.StaffAsync("support");
        var page = await site.PageAsync();
        for (var i = 1; i <= 9; i++)
        {
            await site.SignInAsync(page, who.Login, "не тот пароль");
            Assert.Equal("Неверный логин или пароль.", await page.InnerTextAsync("#login-problem"));
        }
        Assert.Equal(9, await site.ScalarAsync("select failed_sign_ins from staff where id = @Id", new { who.Id }));
        await site.SignInAsync(page, who.Login, "не тот пароль");
        Assert.Contains("заблокирован", await page.InnerTextAsync("#login-problem"));
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @Id and locked_until > now()", new { who.Id }));

        // Locked: even the right password is refused, and nothing about the lock changes.
        var lockedUntil = await site.ScalarAsync("select extract(epoch from locked_until)::bigint from staff where id = @Id", new { who.Id });
        await site.SignInAsync(page, who.Login, who.Password);
        Assert.Contains("заблокирован", await page.InnerTextAsync("#login-problem"));
        Assert.Equal(0, await page.Locator("#current-staff").CountAsync());
        Assert.Equal(lockedUntil, await site.ScalarAsync("select extract(epoch from locked_until)::bigint from staff where id = @Id", new { who.Id }));

        // A new password (`staff password`) lifts the lock.
        await new SignIn.StaffPasswords(site.Db, TimeProvider.System).SetAsync(who.Login, "новый-пароль-123", "tests");
        Assert.NotNull(await site.SignedInAsync(who with { Password = "новый-пароль-123" }));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_wrong_password_before_the_tenth_is_forgotten_once_signed_in()
    {
        var who = await site.StaffAsync("support");
        var page = await site.PageAsync();
        for (var i = 0; i < 3; i++) await site.SignInAsync(page, who.Login, "не тот пароль");
        Assert.Equal(3, await site.ScalarAsync("select failed_sign_ins from staff where id = @Id", new { who.Id }));
        await site.SignedInAsync(who);
        Assert.Equal(0, await site.ScalarAsync("select failed_sign_ins from staff where id = @Id", new { who.Id }));
        // An unknown login says the same as a wrong password.
        await site.SignInAsync(page, "nobody-" + Guid.NewGuid().ToString("N")[..6], "whatever-123");
        Assert.Equal("Неверный логин или пароль.", await page.InnerTextAsync("#login-problem"));
    }

    [Fact(Timeout = 120_000)]
    public async Task What_a_client_wrote_is_shown_as_text_never_run()
    {
        const string name = "<script>window.__xss = 1</script><b>Жирный</b> & \"Ко\"";
        var client = await site.ClientAsync(name);
        var page = await site.SignedInAsync(await site.StaffAsync("admin"));
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        foreach (var path in new[] { $"/Clients/{client}", $"/Clients?q={client}" })
        {
            await page.GotoAsync(site.Url(path));
            Assert.Contains(name, await page.InnerTextAsync(path.Contains('?') ? "#clients" : "#client-name"));
            Assert.Equal(0, await page.Locator("main b").CountAsync());
            Assert.Null(await page.EvaluateAsync<int?>("window.__xss"));
        }
        Assert.Equal(0, dialogs);
    }
}
