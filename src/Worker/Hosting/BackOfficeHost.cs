using BackOffice.Import;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Database;
using BackOffice.Reports;
using BackOffice.Sync;
using BackOffice.Tickets;
using BackOffice.Web;
using BackOffice.Worker.Health;
using BackOffice.Worker.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace BackOffice.Worker.Hosting;

/// <summary>How a host was asked for: as the service, or to run one verb and exit.</summary>
public sealed record HostRequest(bool AsService, string? ContentRoot = null, IReadOnlyDictionary<string, string?>? Overrides = null);

public static class BackOfficeHost
{
    public const string ServiceName = "BackOffice";
    public const string LogFormatKey = "BackOffice:Logging:Format";
    public static readonly string InstanceName = $"{Environment.MachineName}-{Environment.ProcessId}";

    // Where each options class is bound, so that a validation failure names the configuration key.
    static readonly Dictionary<Type, string> Sections = new()
    {
        [typeof(SchedulerOptions)] = SchedulerOptions.Section,
        [typeof(JobsOptions)] = JobsOptions.Section,
        [typeof(HealthOptions)] = HealthOptions.Section,
        [typeof(BillingOptions)] = BillingOptions.Section,
        [typeof(BankInboxOptions)] = BankInboxOptions.Section,
        [typeof(BackOffice.Sync.Bank.CsvStatementMap)] = BackOffice.Sync.Bank.BankImport.CsvMapSection,
        [typeof(MailOptions)] = MailOptions.Section,
        [typeof(BackOffice.Tickets.Sla.SlaOptions)] = BackOffice.Tickets.Sla.SlaOptions.Section,
        [typeof(BackOffice.Sync.Accounting.AccountingOptions)] = BackOffice.Sync.Accounting.AccountingOptions.Section,
        [typeof(WebOptions)] = WebOptions.Section,
    };

    public static IHost Build(HostRequest request)
    {
        var contentRoot = request.ContentRoot
                          ?? Environment.GetEnvironmentVariable("BACKOFFICE_CONTENT_ROOT")
                          ?? AppContext.BaseDirectory;
        if (!Directory.Exists(contentRoot))
            throw new ConfigurationProblem("contentRoot", $"'{contentRoot}' is not a folder.");

        var builder = CreateBuilder(contentRoot, request);

        AddLogging(builder, request.AsService);
        builder.Services.AddWindowsService(o => o.ServiceName = ServiceName);
        builder.Services.AddSystemd();

        builder.Services.AddLedger().AddSync().AddTickets().AddReports().AddImport();
        builder.Services.AddSingleton<IdempotentSchema, QuartzSchema>();
        builder.Services.AddSingleton<JobTickets>();
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddSingleton<ShutdownSignal>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<HealthCheck>();
        foreach (var job in JobCatalogue.All) builder.Services.AddTransient(job.Work);

        builder.Services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations()
            .Validate(o => System.Net.IPAddress.TryParse(o.Address, out _), $"{HealthOptions.Section}:Address must be an IP address (127.0.0.1 keeps it on this machine).")
            .ValidateOnStart();
        builder.Services.AddOptions<BillingOptions>().ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<BankInboxOptions>().BindConfiguration(BankInboxOptions.Section).ValidateOnStart();

        if (request.AsService)
        {
            var scheduler = new SchedulerOptions();
            builder.Configuration.GetSection(SchedulerOptions.Section).Bind(scheduler);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = scheduler.ShutdownTimeout);
            builder.Services.AddHostedService<MigrateOnStart>();
            builder.Services.AddHostedService<BankInboxNotice>();
            builder.Services.AddHostedService<MailNotice>();
            builder.Services.AddHostedService<AccountingNotice>();
            builder.Services.AddHostedService<ScheduleNotice>();
            builder.Services.AddHostedService<HealthEndpoint>();
            builder.Services.AddHostedService<ShutdownGrace>();
            AddScheduler(builder, scheduler);
        }
        if (builder is not WebApplicationBuilder web) return ((HostApplicationBuilder)builder).Build();

        web.Services.AddWeb();
        web.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var urls = web.Configuration.GetSection(WebOptions.Section).Get<WebOptions>()?.UrlList.ToArray() ?? [];
        web.WebHost.UseUrls(urls);
        var app = web.Build();
        Validate(app); // the pipeline reads the web options: a bad value stops here with its key named, before Kestrel sees it
        app.UseWeb();
        return app;
    }

    /// <summary>
    /// The service with BackOffice:Web:Enabled is a web application: the staff's pages share its container, so a page calls
    /// the very services a verb or a job does. Otherwise (and for every verb) a plain host.
    /// </summary>
    static IHostApplicationBuilder CreateBuilder(string contentRoot, HostRequest request)
    {
        HostApplicationBuilder plain;
        try
        {
            // Never the current directory: a Windows service starts in System32.
            plain = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot, Args = [] });
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationProblem(Path.Combine(contentRoot, "appsettings.json"),
                $"cannot be read: {e.InnerException?.Message ?? e.Message}");
        }
        if (request.Overrides is { Count: > 0 })
            plain.Configuration.AddInMemoryCollection(request.Overrides);
        if (!request.AsService || !WebOptions.IsEnabled(plain.Configuration)) return plain;

        var web = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, Args = [] });
        if (request.Overrides is { Count: > 0 })
            web.Configuration.AddInMemoryCollection(request.Overrides);
        return web;
    }

    /// <summary>One line per event (plain, or JSON lines for a log collector: --log-format json / BackOffice:Logging:Format), with the job's scope.</summary>
    static void AddLogging(IHostApplicationBuilder builder, bool asService)
    {
        var format = builder.Configuration[LogFormatKey] ?? "plain";
        if (format is not ("plain" or "json"))
            throw new ConfigurationProblem(LogFormatKey, $"is '{format}': write plain or json.");
        if (format == "json")
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        else
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        if (!asService)
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }

    /// <summary>Checks every option and the connection string now, so that a bad value stops the start with a message naming its key.</summary>
    public static void Validate(IHost host)
    {
        var config = host.Services.GetRequiredService<IConfiguration>();
        Db.ParseConnectionString(config[Db.ConnectionStringKey]);
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            var failures = (e is AggregateException a ? a.Flatten().InnerExceptions : [e]).OfType<OptionsValidationException>().ToList();
            if (failures.Count == 0) throw;
            var type = failures[0].OptionsType;
            throw new ConfigurationProblem(Sections.GetValueOrDefault(type, type.Name), "is invalid: " + string.Join("; ", failures.SelectMany(f => f.Failures)));
        }
    }

    static void AddScheduler(IHostApplicationBuilder builder, SchedulerOptions options)
    {
        if (!options.Enabled) return;
        var cs = builder.Configuration[Db.ConnectionStringKey]!;
        var schedules = EffectiveSchedule.Of(builder.Configuration);
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "BackOffice";
                // Host and process id: unique while it runs, and what job_runs.instance and the logs name.
                s.InstanceId = InstanceName;
            });
            q.UseDefaultThreadPool(options.MaxConcurrentJobs);
            // Clustered on our own database: each firing runs on exactly one instance (SPEC §6).
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(cs);
                store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(options.CheckinIntervalSeconds));
            });
            // A bad cron or zone never gets here: JobsOptionsValidator stops the start first.
            foreach (var s in schedules.Where(s => s.On && CronExpression.TryParse(s.Cron, out _) && TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone, out _)))
                q.ScheduleJob<ScheduledJob>(
                    trigger => trigger.WithIdentity(s.Job.Key.Name, s.Job.Key.Group).WithCronSchedule(s.Cron, c => c.InTimeZone(s.Zone)),
                    job => job.WithIdentity(s.Job.Key));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
