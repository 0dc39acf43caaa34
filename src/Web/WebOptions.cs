using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BackOffice.Web;

/// <summary>BackOffice:Web — the staff's pages, served by `backoffice run` itself (off unless Enabled).</summary>
public sealed class WebOptions
{
    public const string Section = "BackOffice:Web";

    public bool Enabled { get; set; }

    /// <summary>Where Kestrel listens, ';' between several: http only (HTTPS is the reverse proxy's).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The prefix the reverse proxy serves the pages under ("/backoffice"), or empty.</summary>
    public string PathBase { get; set; } = "";

    /// <summary>Addresses whose X-Forwarded-* headers are believed, besides loopback.</summary>
    public string[] KnownProxies { get; set; } = [];

    public int LockoutAttempts { get; set; } = 10;
    public int LockoutMinutes { get; set; } = 15;
    public int SessionHours { get; set; } = 12;

    public static bool IsEnabled(IConfiguration config) => config.GetValue<bool>($"{Section}:{nameof(Enabled)}");

    public IEnumerable<string> UrlList => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

sealed class WebOptionsValidation : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions o)
    {
        var problems = new List<string>();
        if (!o.UrlList.Any()) problems.Add($"{WebOptions.Section}:Urls is empty: write an address such as http://127.0.0.1:8080.");
        foreach (var url in o.UrlList)
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttp || u.AbsolutePath != "/" || u.Port is <= 0 or > 65535)
                problems.Add($"{WebOptions.Section}:Urls has '{url}': write http://ADDRESS:PORT (HTTPS belongs to the reverse proxy in front).");
        if (o.PathBase.Length > 0 && (!o.PathBase.StartsWith('/') || o.PathBase.EndsWith('/') || o.PathBase.Contains('?')))
            problems.Add($"{WebOptions.Section}:PathBase is '{o.PathBase}': write it as /backoffice (a leading slash, none at the end), or leave it empty.");
        foreach (var proxy in o.KnownProxies)
            if (!IPAddress.TryParse(proxy, out _))
                problems.Add($"{WebOptions.Section}:KnownProxies has '{proxy}', which is not an IP address.");
        if (o.LockoutAttempts < 1) problems.Add($"{WebOptions.Section}:LockoutAttempts must be at least 1.");
        if (o.LockoutMinutes < 1) problems.Add($"{WebOptions.Section}:LockoutMinutes must be at least 1.");
        if (o.SessionHours < 1) problems.Add($"{WebOptions.Section}:SessionHours must be at least 1.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
