using BackOffice.Import;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Database;
using BackOffice.Reports;
using BackOffice.Sync;
using BackOffice.Tickets;
using BackOffice.Worker.Jobs;
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

    // Where each options class is bound, so that a validation failure names the configuration key.
    static readonly Dictionary<Type, string> Sections = new()
    {
        [typeof(SchedulerOptions)] = SchedulerOptions.Section,
        [typeof(BillingOptions)] = BillingOptions.Section,
        [typeof(BankInboxOptions)] = BankInboxOptions.Section,
        [typeof(BackOffice.Sync.Bank.CsvStatementMap)] = BackOffice.Sync.Bank.BankImport.CsvMapSection,
        [typeof(MailOptions)] = MailOptions.Section,
        [typeof(BackOffice.Tickets.Sla.SlaOptions)] = BackOffice.Tickets.Sla.SlaOptions.Section,
        [typeof(ReportMailOptions)] = ReportMailOptions.Section,
        [typeof(BackOffice.Sync.Accounting.AccountingOptions)] = BackOffice.Sync.Accounting.AccountingOptions.Section,
    };

    public static IHost Build(HostRequest request)
    {
        var contentRoot = request.ContentRoot
                          ?? Environment.GetEnvironmentVariable("BACKOFFICE_CONTENT_ROOT")
                          ?? AppContext.BaseDirectory;
        if (!Directory.Exists(contentRoot))
            throw new ConfigurationProblem("contentRoot", $"'{contentRoot}' is not a folder.");

        HostApplicationBuilder builder;
        try
        {
            // Never the current directory: a Windows service starts in System32.
            builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot, Args = [] });
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationProblem(Path.Combine(contentRoot, "appsettings.json"),
                $"cannot be read: {e.InnerException?.Message ?? e.Message}");
        }
        if (request.Overrides is { Count: > 0 })
            builder.Configuration.AddInMemoryCollection(request.Overrides);

        builder.Services.AddWindowsService(o => o.ServiceName = ServiceName);
        builder.Services.AddSystemd();
        if (!request.AsService)
            builder.Logging.SetMinimumLevel(LogLevel.Warning);

        builder.Services.AddLedger().AddSync().AddTickets().AddReports().AddImport();
        builder.Services.AddSingleton<IdempotentSchema, QuartzSchema>();
        builder.Services.AddSingleton<JobTickets>();

        builder.Services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        builder.Services.AddOptions<BillingOptions>().ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<BankInboxOptions>().BindConfiguration(BankInboxOptions.Section)
            .Validate(o => CronExpression.TryParse(o.InboxCron, out _), $"{BankInboxOptions.Section}:InboxCron is not a Quartz cron expression.")
            .ValidateOnStart();
        builder.Services.AddOptions<ReportMailOptions>().BindConfiguration(ReportMailOptions.Section)
            .Validate(o => !o.IsOn || CronExpression.TryParse(o.MailCron, out _), $"{ReportMailOptions.Section}:MailCron is not a Quartz cron expression (empty switches the mailing off).")
            .ValidateOnStart();

        if (request.AsService)
        {
            builder.Services.AddHostedService<MigrateOnStart>();
            builder.Services.AddHostedService<BankInboxNotice>();
            builder.Services.AddHostedService<MailNotice>();
            builder.Services.AddHostedService<ReportMailNotice>();
            builder.Services.AddHostedService<AccountingNotice>();
            AddScheduler(builder);
        }
        return builder.Build();
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

    static void AddScheduler(HostApplicationBuilder builder)
    {
        var options = new SchedulerOptions();
        builder.Configuration.GetSection(SchedulerOptions.Section).Bind(options);
        if (!options.Enabled) return;
        var cs = builder.Configuration[Db.ConnectionStringKey]!;
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "BackOffice";
                s.GenerateInstanceId = true;
            });
            q.UseDefaultThreadPool(options.MaxConcurrentJobs);
            // Clustered on our own database: each firing runs on exactly one instance (SPEC §6).
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(cs);
                store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(options.CheckinIntervalSeconds));
            });
            q.ScheduleJob<HeartbeatJob>(
                trigger => trigger.WithIdentity("heartbeat", "backoffice").WithCronSchedule(options.HeartbeatCron),
                job => job.WithIdentity(HeartbeatJob.Key).DisallowConcurrentExecution());
            // Business jobs fire on Moscow time (DESIGN.md: business dates are Moscow dates).
            var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
            q.ScheduleJob<RenewalJob>(
                trigger => trigger.WithIdentity("renewals", "billing").WithCronSchedule(options.RenewalCron, c => c.InTimeZone(moscow)),
                job => job.WithIdentity(RenewalJob.Key).DisallowConcurrentExecution());
            q.ScheduleJob<OverdueJob>(
                trigger => trigger.WithIdentity("overdue", "billing").WithCronSchedule(options.OverdueCron, c => c.InTimeZone(moscow)),
                job => job.WithIdentity(OverdueJob.Key).DisallowConcurrentExecution());
            var bank = new BankInboxOptions();
            builder.Configuration.GetSection(BankInboxOptions.Section).Bind(bank);
            if (!string.IsNullOrWhiteSpace(bank.InboxFolder) && CronExpression.TryParse(bank.InboxCron, out _))
                q.ScheduleJob<BankInboxJob>(
                    trigger => trigger.WithIdentity("bank-inbox", "treasury").WithCronSchedule(bank.InboxCron),
                    job => job.WithIdentity(BankInboxJob.Key).DisallowConcurrentExecution());
            var mail = new MailOptions();
            builder.Configuration.GetSection(MailOptions.Section).Bind(mail);
            if (mail.IntakeEnabled && CronExpression.TryParse(mail.FetchCron, out _))
                q.ScheduleJob<MailFetchJob>(
                    trigger => trigger.WithIdentity("mail-fetch", "tickets").WithCronSchedule(mail.FetchCron),
                    job => job.WithIdentity(MailFetchJob.Key).DisallowConcurrentExecution());
            var sla = new BackOffice.Tickets.Sla.SlaOptions();
            builder.Configuration.GetSection(BackOffice.Tickets.Sla.SlaOptions.Section).Bind(sla);
            if (CronExpression.TryParse(sla.WatchCron, out _))
                q.ScheduleJob<DeskTickJob>(
                    trigger => trigger.WithIdentity("desk-tick", "tickets").WithCronSchedule(sla.WatchCron),
                    job => job.WithIdentity(DeskTickJob.Key).DisallowConcurrentExecution());
            if (mail.SmtpEnabled && CronExpression.TryParse(mail.SmtpCron, out _))
                q.ScheduleJob<MailSendJob>(
                    trigger => trigger.WithIdentity("mail-send", "tickets").WithCronSchedule(mail.SmtpCron),
                    job => job.WithIdentity(MailSendJob.Key).DisallowConcurrentExecution());
            var reports = new ReportMailOptions();
            builder.Configuration.GetSection(ReportMailOptions.Section).Bind(reports);
            if (reports.IsOn && CronExpression.TryParse(reports.MailCron, out _))
                q.ScheduleJob<ManagerReportJob>(
                    trigger => trigger.WithIdentity("manager-reports", "reports").WithCronSchedule(reports.MailCron, c => c.InTimeZone(moscow)),
                    job => job.WithIdentity(ManagerReportJob.Key).DisallowConcurrentExecution());
            var accounting = new BackOffice.Sync.Accounting.AccountingOptions();
            builder.Configuration.GetSection(BackOffice.Sync.Accounting.AccountingOptions.Section).Bind(accounting);
            if (accounting.Enabled && CronExpression.TryParse(accounting.RelayCron, out _))
                q.ScheduleJob<AccountingRelayJob>(
                    trigger => trigger.WithIdentity("onec-relay", "accounting").WithCronSchedule(accounting.RelayCron),
                    job => job.WithIdentity(AccountingRelayJob.Key).DisallowConcurrentExecution());
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
