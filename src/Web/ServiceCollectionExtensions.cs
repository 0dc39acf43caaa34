using System.Net;
using BackOffice.Web.Access;
using BackOffice.Web.Header;
using BackOffice.Web.SignIn;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Web;

public static class ServiceCollectionExtensions
{
    /// <summary>What `staff password` needs, with or without the pages switched on.</summary>
    public static IServiceCollection AddStaffPasswords(this IServiceCollection services)
    {
        services.TryAddSingleton<StaffPasswords>();
        return services;
    }

    /// <summary>The staff's pages: Razor Pages, cookie sign-in, a policy per role applied per folder, the header's figures.</summary>
    public static IServiceCollection AddWeb(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidation>();
        services.AddHttpContextAccessor();
        // Cyrillic as it is in the HTML, not as &#x...; entities (still encoded where HTML needs it: < > & " ').
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<StaffSignIn>();
        services.AddStaffPasswords();
        services.AddScoped<CurrentStaff>();
        services.AddScoped<ClientScope>();
        services.AddScoped<HeaderCounts>();

        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Tickets", Policies.Tickets);
            o.Conventions.AuthorizeFolder("/Treasury", Policies.Treasury);
            o.Conventions.AuthorizeFolder("/Accounting", Policies.Accountant);
            o.Conventions.AuthorizeFolder("/Staff", Policies.Admin);
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.ConfigureFilter(new NotFoundFilter());
        }).ConfigureApplicationPartManager(parts =>
        {
            // The host is the worker's executable: its own discovery may or may not have found this assembly already.
            var web = typeof(ServiceCollectionExtensions).Assembly;
            // The assembly's own factory yields its compiled pages too, not only its types.
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == web))
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(web).GetApplicationParts(web))
                    parts.ApplicationParts.Add(part);
        });

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "BackOffice.Session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
            // Forbidden is a page with status 403 (re-executed by the status code pages), not a redirect to another URL.
            o.Events.OnRedirectToAccessDenied = c =>
            {
                c.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<WebOptions>>((cookie, web) => cookie.ExpireTimeSpan = TimeSpan.FromHours(web.Value.SessionHours));
        services.AddAuthorizationBuilder().AddStaffPolicies();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "BackOffice.Antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        // The key ring is in the database: every instance on it reads the others' cookies (DatabaseKeyRing).
        services.AddDataProtection().SetApplicationName("BackOffice");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((keys, db) => keys.XmlRepository = new DatabaseKeyRing(db));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((f, web) =>
        {
            f.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in web.Value.KnownProxies) f.KnownProxies.Add(IPAddress.Parse(proxy));
        });
        return services;
    }
}
