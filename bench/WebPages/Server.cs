using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace BackOffice.Bench.WebPages;

/// <summary>A real `backoffice run` from the bench's own build output, with the web on, and a signed-in HTTP client.</summary>
static partial class Server
{
    public static Process Start(string connectionString, int webPort, int healthPort)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "backoffice.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "run", "--content-root", AppContext.BaseDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ConnectionStrings__BackOffice"] = connectionString;
        psi.Environment["BackOffice__Web__Enabled"] = "true";
        psi.Environment["BackOffice__Web__Urls"] = $"http://127.0.0.1:{webPort}";
        psi.Environment["BackOffice__Health__Port"] = healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Only the pages are measured: no job competes with them for the two cores.
        psi.Environment["BackOffice__Scheduler__Enabled"] = "false";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("backoffice: " + line); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public static HttpClient Client(Uri web) => new(new SocketsHttpHandler
    {
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false, // a redirect to the sign-in page is a failure to see, not to follow
        PooledConnectionLifetime = TimeSpan.FromMinutes(30),
    }) { BaseAddress = web, Timeout = TimeSpan.FromSeconds(60) };

    public const string SignInPath = "/login";

    /// <summary>As a browser does: the form's antiforgery token, then the POST; the cookie it sets is the session.</summary>
    public static async Task SignInAsync(HttpClient http, string login, string password)
    {
        var form = await http.GetStringAsync(SignInPath);
        var token = Token().Match(form) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException("The sign-in form has no antiforgery token.");
        using var response = await http.PostAsync(SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["login"] = login, ["password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}, not a redirect: {await response.Content.ReadAsStringAsync()}");
        using var home = await http.GetAsync("/");
        if (home.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"After sign-in / answered {(int)home.StatusCode}.");
    }

    /// <summary>The first stylesheet the layout links: the static-file floor.</summary>
    public static async Task<string?> StaticFileAsync(HttpClient http)
    {
        var home = await http.GetStringAsync("/");
        return Stylesheet().Match(home) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    /// <summary>The distinct client cards a page links to, in order.</summary>
    public static IReadOnlyList<string> CardLinks(string html) =>
        CardLink().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex("href=\"(/Clients/[0-9]+)\"")]
    private static partial Regex CardLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<link[^>]*href=\"(/[^\"]+\\.css[^\"]*)\"")]
    private static partial Regex Stylesheet();
}
