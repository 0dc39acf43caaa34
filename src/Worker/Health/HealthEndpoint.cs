using System.Net;
using System.Text.Json;
using BackOffice.Worker.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BackOffice.Worker.Health;

/// <summary>BackOffice:Health — the local HTTP endpoint of a running service (off unless a port is set).</summary>
public sealed class HealthOptions
{
    public const string Section = "BackOffice:Health";

    /// <summary>0: no endpoint (`backoffice health` still answers).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Loopback by default: the report names servers and errors, so it is for the machine's own monitoring.</summary>
    public string Address { get; set; } = "127.0.0.1";
}

/// <summary>
/// GET /health (the report as JSON; 503 when the database is down) and GET /metrics (Prometheus text: our meter, Npgsql's,
/// HttpClient's, and the queue depths read at each scrape) on Kestrel, in the service's own process.
/// </summary>
sealed class HealthEndpoint(IOptions<HealthOptions> options, HealthCheck check, ILogger<HealthEndpoint> log) : IHostedService, IAsyncDisposable
{
    WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Port == 0) return;
        // The adapter that exports System.Diagnostics.Metrics starts with the registry: before any job counts anything.
        _ = Metrics.DefaultRegistry;
        // Its own small host: the service's configuration is not read twice, and the content root is never the current directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(o.Address), o.Port));
        var app = builder.Build();
        app.MapGet("/health", async (HttpContext http) =>
        {
            var report = await check.CheckAsync(http.RequestAborted);
            http.Response.StatusCode = report.Status == HealthReport.Down ? 503 : 200;
            http.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(http.Response.Body, report, CliOutput.JsonOptions, http.RequestAborted);
        });
        app.MapGet("/metrics", async (HttpContext http) =>
        {
            await check.CheckAsync(http.RequestAborted); // the queue depths, fresh for this scrape
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        _app = app;
        HealthLog.Listening(log, o.Address, o.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

static partial class HealthLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Health and metrics on http://{Address}:{Port}/health and /metrics")]
    public static partial void Listening(ILogger logger, string address, int port);
}
