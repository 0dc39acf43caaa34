using System.Diagnostics;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Demo;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

/// <summary>The mailing job in a real `backoffice run`, fired every second: each manager's workbook is queued once a day.</summary>
public sealed class ManagerReportJobTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    [Fact(Timeout = 180_000)]
    public async Task The_scheduled_job_queues_each_manager_s_workbook_once_however_often_it_fires()
    {
        await new DemoData(Db).LoadAsync();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);
        var books = new InvoiceBook(Db, TimeProvider.System);
        foreach (var client in new[] { 7583, 4314 })
        {
            var draft = await books.CreateDraftAsync(new DraftInvoice(client, "Безналичный платеж", today.AddDays(-20), today.AddDays(-10),
                [new InvoiceLine(LineKind.Manual, "Услуги", 1_000m)]));
            await books.PublishAsync(draft.Invoice.Id);
        }

        var instance = Start();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && await CountAsync("job_runs", "job_name = 'manager-reports' and finished_at is not null") < 3)
            {
                if (instance.HasExited) Assert.Fail($"the instance exited ({instance.ExitCode}): {await instance.StandardError.ReadToEndAsync()}");
                await Task.Delay(500);
            }
        }
        finally
        {
            if (!instance.HasExited) instance.Kill(entireProcessTree: true);
            await instance.WaitForExitAsync();
        }

        await using var conn = await Db.OpenConnectionAsync();
        var outcomes = (await conn.QueryAsync<string>("select outcome from job_runs where job_name = 'manager-reports' and finished_at is not null order by id")).ToList();
        Assert.True(outcomes.Count >= 3, $"the job ran {outcomes.Count} time(s)");
        Assert.Equal("2 queued, 0 already queued, 0 empty, 0 without email", outcomes[0]);
        Assert.All(outcomes.Skip(1), o => Assert.Equal("0 queued, 2 already queued, 0 empty, 0 without email", o));
        var mails = (await conn.QueryAsync<string>("select to_address from outgoing_mail where kind = 'manager_report' order by to_address")).ToList();
        Assert.Equal(["ekamyshina@bit-live.example", "ubestuzheva@bit-live.example"], mails);
    }

    Process Start() => WorkerProcess.Start(ConnectionString, new Dictionary<string, string> { ["BackOffice__Jobs__manager-reports__Cron"] = "* * * * * ?" });
}
