using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BackOffice.Ledger.Demo;
using BackOffice.Tests.Support;
using BackOffice.Web.SignIn;
using Dapper;
using Microsoft.Playwright;
using Npgsql;

namespace BackOffice.Web.Tests;

public sealed record StaffLogin(int Id, string Login, string Password);

/// <summary>
/// One real PostgreSQL cluster with the demo data and a little more, one real `backoffice run` process serving the pages on
/// a free loopback port, and Debian's Chromium driven by Playwright (nothing is downloaded: the browser is Debian's headless
/// shell, /usr/bin/chromium-headless-shell, or /usr/bin/chromium where only that is installed).
/// Shared by every test of the assembly; each test signs in as staff of its own, made with the roles it needs.
/// </summary>
public sealed partial class WebSite : IAsyncLifetime
{
    /// <summary>
    /// Debian's chromium-headless-shell: the same Chromium (Blink, V8) built as the headless shell, which is what Playwright
    /// itself runs for headless tests. The full browser in headless mode spent about 2.6 times its CPU per context and page
    /// on this machine, for the same pages.
    /// </summary>
    public const string HeadlessShellPath = "/usr/bin/chromium-headless-shell";
    public const string ChromiumPath = "/usr/bin/chromium";
    /// <summary>The support mailbox's address (BackOffice:Mail:Address): the From of answers and the domain of our Message-IDs.</summary>
    public const string SupportAddress = "ok@company.test";

    readonly PostgresCluster _cluster = new();
    readonly ConcurrentQueue<string> _output = new();
    Process? _process;
    IPlaywright? _playwright;
    readonly ConcurrentDictionary<string, ConcurrentBag<IBrowserContext>> _contexts = new();

    /// <summary>The site of this test run, for <see cref="ClosesBrowserContextsAttribute"/>, which xunit makes without fixtures.</summary>
    internal static WebSite? Current { get; private set; }

    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource Db { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string PathBase { get; } = "/backoffice";
    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var browser = File.Exists(HeadlessShellPath) ? HeadlessShellPath : File.Exists(ChromiumPath) ? ChromiumPath
            : throw new InvalidOperationException($"{HeadlessShellPath} is missing: install it with `apt-get install chromium-headless-shell` (scripts/browser.sh does).");
        await _cluster.InitializeAsync();
        ConnectionString = await _cluster.CreateDatabaseAsync();
        Db = Ledger.Database.Db.CreateDataSource(ConnectionString);
        await new DemoData(Db).LoadAsync();
        await WebWorld.AddAsync(Db);

        var port = WorkerProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}{PathBase}";
        _process = WorkerProcess.Start(ConnectionString, new Dictionary<string, string>
        {
            ["BackOffice__Web__Enabled"] = "true",
            ["BackOffice__Web__Urls"] = $"http://127.0.0.1:{port}",
            ["BackOffice__Web__PathBase"] = PathBase,
            ["BackOffice__Scheduler__Enabled"] = "false",
            ["BackOffice__Mail__Address"] = SupportAddress,
        }, _output);
        await WorkerProcess.WaitUntilServingAsync(_process, BaseUrl + "/login", _output);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = browser, Headless = true });
        Current = this;
    }

    /// <summary>A new staff member with these roles and a password, ready to sign in.</summary>
    public Task<StaffLogin> StaffAsync(params string[] roles) =>
        AddStaffAsync(Db, "web", "Тестов " + string.Join("-", roles.DefaultIfEmpty("без ролей")), roles);

    /// <summary>A staff member of a unique login (prefix + random) with these roles and a random password, in this database.</summary>
    internal static async Task<StaffLogin> AddStaffAsync(NpgsqlDataSource db, string prefix, string fullName, string[] roles)
    {
        var login = prefix + Guid.NewGuid().ToString("N")[..10];
        await using var conn = await db.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<int>(
            "insert into staff (login, full_name, roles) values (@login, @fullName, @roles) returning id", new { login, fullName, roles });
        var password = "пароль-" + Guid.NewGuid().ToString("N")[..8];
        await new StaffPasswords(db, TimeProvider.System).SetAsync(login, password, "tests");
        return new StaffLogin(id, login, password);
    }

    /// <summary>A new client of this manager (or of nobody), named as given: a test's own record to open by URL.</summary>
    public async Task<int> ClientAsync(string companyName, int? managerId = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            insert into clients (first_name, last_name, company_name, email, sales_manager_id)
            values ('Тест', 'Клиентов', @companyName, @email, @managerId) returning id
            """, new { companyName, email = $"web{Guid.NewGuid():N}@example.ru", managerId });
    }

    /// <summary>A page in a fresh browser context (own cookies), not signed in.</summary>
    public async Task<IPage> PageAsync() => await (await ContextAsync()).NewPageAsync();

    /// <summary>A fresh browser context (own cookies), closed when the test that asked for it ends.</summary>
    async Task<IBrowserContext> ContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ru-RU" });
        _contexts.GetOrAdd(TestContext.Current.Test?.UniqueID ?? "", _ => []).Add(context);
        return context;
    }

    /// <summary>
    /// Closes the browser contexts a test opened: left open, every page of the run stays alive in Chromium, which then
    /// spends more and more CPU on pages nobody looks at (see <see cref="ClosesBrowserContextsAttribute"/>).
    /// </summary>
    internal async Task CloseContextsOfAsync(string testId)
    {
        if (!_contexts.TryRemove(testId, out var contexts)) return;
        foreach (var context in contexts) await context.CloseAsync();
    }

    /// <summary>
    /// A page on the dashboard of this site (or of another instance at <paramref name="baseUrl"/>), signed in by posting the
    /// sign-in form from the browser context (its cookies, the token of the form the server gave it) instead of typing into
    /// the rendered form: the same request a browser sends, for tests that need someone signed in. The typed form is what
    /// <see cref="SignInAsync"/> drives, for the tests of signing in itself.
    /// </summary>
    public async Task<IPage> SignedInAsync(StaffLogin who, string? baseUrl = null)
    {
        baseUrl ??= BaseUrl;
        var context = await ContextAsync();
        var form = await context.APIRequest.GetAsync(baseUrl + "/login");
        var fields = context.APIRequest.CreateFormData();
        fields.Set("login", who.Login);
        fields.Set("password", who.Password);
        fields.Set("__RequestVerificationToken", AntiforgeryToken(await form.TextAsync()));
        var post = await context.APIRequest.PostAsync(baseUrl + "/login", new() { Form = fields, MaxRedirects = 0 });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/");
        if (await page.Locator("#current-staff").CountAsync() == 0)
            throw new InvalidOperationException($"{who.Login} is not signed in (sign-in answered {post.Status}): {page.Url}\n{await page.InnerTextAsync("body")}\n{string.Join('\n', _output.TakeLast(60))}");
        return page;
    }

    /// <summary>The antiforgery token a page's form carries (the sign-in form's, for a POST made without the browser's typing).</summary>
    internal static string AntiforgeryToken(string html) => TokenField().Match(html) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException("The page has no antiforgery token:\n" + html);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public async Task SignInAsync(IPage page, string login, string password)
    {
        await page.GotoAsync(Url("/login"));
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        // Whatever comes back: the signed-in page, the login page with its problem, or an error page.
        await page.Locator("#current-staff, #login-problem, #error-title").First.WaitForAsync();
    }

    public string Url(string path) => BaseUrl + path;

    /// <summary>
    /// The whole page as a PNG named for it, in the folder BACKOFFICE_WEB_SHOTS names, for a person to look at after a
    /// change to the pages; nothing when it is unset (a full-page screenshot is a good part of Chromium's work in a run).
    /// </summary>
    public async Task ShotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("BACKOFFICE_WEB_SHOTS") is not { Length: > 0 } folder)
            return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>What the server printed lately, for a failing test to show.</summary>
    public string Log(int lines = 60) => string.Join("\n", _output.TakeLast(lines));

    public async Task<long> ScalarAsync(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_process is not null) await WorkerProcess.StopAllAsync([_process]);
        if (Db is not null) await Db.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    internal static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);
}
