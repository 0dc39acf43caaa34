using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

/// <summary>A bad schedule or setting stops `backoffice run` before anything runs: one line naming the key, nothing written.</summary>
public class ScheduleConfigTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    // The template database is migrated without the scheduler's tables: a start that got as far as migrating would add them.
    static readonly string[] SchedulerTables = ["job_runs", "schema_migrations", "outbox", "outgoing_mail", "invoices"];

    async Task<string> UntouchedAsync() => await SnapshotAsync(SchedulerTables) + "\nqrtz tables: " +
                                            await CountAsync("pg_tables", "tablename like 'qrtz%'");

    Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = ConnectionString };

    [Theory]
    [InlineData("BackOffice:Jobs:renewals:Cron", "every day at six",
        "BackOffice:Jobs:renewals:Cron 'every day at six' is not a Quartz cron expression")]
    [InlineData("BackOffice:Jobs:renewals:Cron", "0 0 6 * *",
        "BackOffice:Jobs:renewals:Cron '0 0 6 * *' is not a Quartz cron expression")]
    [InlineData("BackOffice:Jobs:overdue:TimeZone", "Europe/Moskva",
        "BackOffice:Jobs:overdue:TimeZone 'Europe/Moskva' is not a time zone")]
    [InlineData("BackOffice:Jobs:renewal:Cron", "0 0 6 * * ?",
        "BackOffice:Jobs:renewal is not a job (the jobs are heartbeat, renewals, overdue")]
    [InlineData("BackOffice:Reports:MailCron", "0 0 8 ? * MON",
        "BackOffice:Reports:MailCron moved to BackOffice:Jobs:manager-reports:Cron")]
    [InlineData("BackOffice:Accounting:MaxAttempts", "-1",
        "MaxAttempts must be between 1 and 1000")]
    [InlineData("BackOffice:Scheduler:StopGraceSeconds", "120",
        "StopGraceSeconds must be between 0 and 45")]
    [InlineData("BackOffice:Logging:Format", "xml", "BackOffice:Logging:Format' is 'xml': write plain or json")]
    [InlineData("BackOffice:Jobs:History:KeepDays", "0", "KeepDays must be between 1 and 36500")]
    public async Task A_bad_schedule_or_setting_stops_the_start_in_one_line_and_nothing_runs(string key, string value, string error)
    {
        var before = await UntouchedAsync();
        var config = Config;
        config[key] = value;

        var r = await CliRun.Of(config, "run");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(error, r.Err);
        Assert.Contains(key[..key.LastIndexOf(':')], r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Equal(before, await UntouchedAsync());
    }

    [Fact]
    public async Task Two_jobs_reading_the_same_mail_folder_stop_the_start()
    {
        // Intake reads InboxFolder and moves what it took to ProcessedFolder: the same folder would be read again for ever.
        var before = await UntouchedAsync();
        var config = Config;
        config["BackOffice:Mail:ImapHost"] = "127.0.0.1";
        config["BackOffice:Mail:ImapUser"] = "support";
        config["BackOffice:Mail:Address"] = "ok@bit-live.example";
        config["BackOffice:Mail:ProcessedFolder"] = "inbox";

        var r = await CliRun.Of(config, "run");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("BackOffice:Mail:ProcessedFolder 'inbox' is BackOffice:Mail:InboxFolder itself", r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Equal(before, await UntouchedAsync());
    }

    [Fact]
    public async Task A_bad_value_given_as_an_environment_variable_stops_a_real_process_with_exit_code_1()
    {
        var before = await UntouchedAsync();
        using var p = WorkerProcess.Start(ConnectionString, new Dictionary<string, string> { ["BackOffice__Jobs__onec-relay__TimeZone"] = "Moscow" });
        var err = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();

        Assert.Equal(1, p.ExitCode);
        Assert.Contains("BackOffice:Jobs:onec-relay:TimeZone 'Moscow' is not a time zone", err);
        Assert.Equal(before, await UntouchedAsync());
    }
}
