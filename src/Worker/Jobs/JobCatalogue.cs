using BackOffice.Sync.Accounting;
using BackOffice.Tickets;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace BackOffice.Worker.Jobs;

/// <summary>
/// One scheduled job: its name (the key under BackOffice:Jobs and in job_runs), its default schedule, the verb that runs
/// the same work once, the key its cron used to live under, and why it is off when its integration is not configured.
/// </summary>
public sealed record JobDefinition(JobKey Key, Type Work, string DefaultCron, string Verb, string LegacyCronKey,
    Func<IConfiguration, string?> OffBecause)
{
    public string Name => Key.Name;
}

public static class JobCatalogue
{
    static string? Always(IConfiguration _) => null;

    public static readonly IReadOnlyList<JobDefinition> All =
    [
        new(HeartbeatJob.Key, typeof(HeartbeatJob), "0 0/5 * * * ?", "jobs run heartbeat", "BackOffice:Scheduler:HeartbeatCron", Always),
        new(RenewalJob.Key, typeof(RenewalJob), "0 0 6 * * ?", "invoices renew", "BackOffice:Scheduler:RenewalCron", Always),
        new(OverdueJob.Key, typeof(OverdueJob), "0 30 6 * * ?", "invoices overdue", "BackOffice:Scheduler:OverdueCron", Always),
        new(AccountingRelayJob.Key, typeof(AccountingRelayJob), "0/30 * * * * ?", "sync run", "BackOffice:Accounting:RelayCron",
            c => string.IsNullOrWhiteSpace(c[$"{AccountingOptions.Section}:BaseUrl"]) ? $"{AccountingOptions.Section}:BaseUrl is empty" : null),
        new(BankInboxJob.Key, typeof(BankInboxJob), "0 * * * * ?", "bank inbox FOLDER", "BackOffice:Bank:InboxCron",
            c => string.IsNullOrWhiteSpace(c[$"{BankInboxOptions.Section}:InboxFolder"]) ? $"{BankInboxOptions.Section}:InboxFolder is empty" : null),
        new(MailFetchJob.Key, typeof(MailFetchJob), "0 * * * * ?", "mail fetch", "BackOffice:Mail:FetchCron",
            c => string.IsNullOrWhiteSpace(c[$"{MailOptions.Section}:ImapHost"]) ? $"{MailOptions.Section}:ImapHost is empty" : null),
        new(MailSendJob.Key, typeof(MailSendJob), "0/15 * * * * ?", "mail send", "BackOffice:Mail:SmtpCron",
            c => string.IsNullOrWhiteSpace(c[$"{MailOptions.Section}:SmtpHost"]) ? $"{MailOptions.Section}:SmtpHost is empty" : null),
        new(DeskTickJob.Key, typeof(DeskTickJob), "0 * * * * ?", "jobs run desk-tick", "BackOffice:Sla:WatchCron", Always),
        new(ManagerReportJob.Key, typeof(ManagerReportJob), "0 0 8 ? * MON", "jobs run manager-reports", "BackOffice:Reports:MailCron", Always),
        new(HousekeepingJob.Key, typeof(HousekeepingJob), "0 15 4 * * ?", "jobs run housekeeping", "", Always),
    ];

    public static JobDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
