using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace BackOffice.Web;

public static class WebApplicationExtensions
{
    /// <summary>The request pipeline of the staff's pages, after AddWeb. Options are validated before this is called.</summary>
    public static WebApplication UseWeb(this WebApplication app)
    {
        var o = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;
        // Behind nginx: the client's address, scheme (so the cookie is Secure under HTTPS) and host come from X-Forwarded-*.
        app.UseForwardedHeaders();
        if (o.PathBase.Length > 0)
        {
            app.UsePathBase(o.PathBase);
            // Only under the prefix: a stray request outside it (a browser's /favicon.ico) would otherwise be redirected to a
            // sign-in page at the root and leave cookies for the wrong path, which then shadow the real ones.
            app.Use((http, next) =>
            {
                if (http.Request.PathBase.HasValue) return next(http);
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(WebOptions).Assembly, "wwwroot"),
            RequestPath = "/static",
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        return app;
    }
}
