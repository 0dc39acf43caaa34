using System.Text.Json;
using BackOffice.Ledger.Billing;
using BackOffice.Reports.Mailing;
using BackOffice.Tests.Support;
using ClosedXML.Excel;
using Dapper;
using Microsoft.Extensions.Options;

namespace BackOffice.Reports.Tests.Mailing;

public sealed class ManagerReportMailerTests(PostgresCluster cluster) : ReportTest(cluster)
{
    ManagerReportMailer Mailer => new(Db, Engine, Clock, Options.Create(new BillingOptions { MailDomain = "bit-live.example" }));

    [Fact]
    public async Task Each_manager_gets_his_own_workbook_with_only_his_clients_once_per_date()
    {
        await LedgerOfDebtsAsync();
        var result = await Mailer.QueueAsync("debtors", AsOf, Today);
        Assert.Equal(new MailedReports(2, 0, 0, 0), result);

        var mails = await MailsAsync();
        Assert.Equal(["ekamyshina@bit-live.example", "ubestuzheva@bit-live.example"], mails.Select(m => m.ToAddress));
        foreach (var mail in mails)
        {
            var manager = mail.ToAddress.StartsWith("ekamyshina", StringComparison.Ordinal) ? ("Камышина Екатерина", Kamyshina) : ("Бестужева Юлия", Bestuzheva);
            Assert.Equal("manager_report", mail.Kind);
            Assert.Equal($"Должники на 20.11.2026 — {manager.Item1}", mail.Subject);
            Assert.Equal($"manager_report:debtors:{manager.Item2}:2026-11-20", mail.DedupeKey);
            Assert.EndsWith("@bit-live.example>", mail.MessageId);
            Assert.Contains(manager.Item1, mail.BodyText);

            using var attachments = JsonDocument.Parse(mail.Attachments);
            var attachment = Assert.Single(attachments.RootElement.EnumerateArray());
            Assert.Equal($"Должники_{manager.Item1.Replace(' ', '_')}_2026-11-20.xlsx", attachment.GetProperty("fileName").GetString());
            Assert.Equal(ManagerReportMailer.XlsxContentType, attachment.GetProperty("contentType").GetString());
            using var book = new XLWorkbook(new MemoryStream(attachment.GetProperty("contentBase64").GetBytesFromBase64()));
            Assert.Equal(["Сводка", manager.Item1], book.Worksheets.Select(w => w.Name));

            var own = (await QueryAsync<int>("select id from clients where sales_manager_id = @id", new { id = manager.Item2 })).ToHashSet();
            var listed = DataRows(book.Worksheet(manager.Item1)).Where(r => r.Cell(2).DataType == XLDataType.Number)
                .Select(r => (int)r.Cell(2).GetDouble()).ToList();
            Assert.NotEmpty(listed);
            Assert.All(listed, id => Assert.Contains(id, own));
            Assert.DoesNotContain(Orphan, listed);
        }

        // Again on the same date (a second firing, another instance): nothing more is queued.
        var again = await Mailer.QueueAsync("debtors", AsOf, Today);
        Assert.Equal(new MailedReports(0, 2, 0, 0), again);
        Assert.Equal(2, await CountAsync("outgoing_mail"));
    }

    [Fact]
    public async Task A_manager_with_nothing_to_report_or_no_address_gets_no_mail()
    {
        await LedgerOfDebtsAsync();
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("update staff set email = null where id = @Kamyshina", new { Kamyshina });
        // On 12.08 only Фабрика Бизнеса (Камышина's, now without an address) owed past a due date; Бестужева's F was issued on 15.08.
        var result = await Mailer.QueueAsync("debtors", new DateOnly(2026, 8, 12), Today);
        Assert.Equal(new MailedReports(0, 0, 1, 1), result);
        Assert.Equal(0, await CountAsync("outgoing_mail"));
    }

    [Fact]
    public async Task A_future_date_queues_nothing()
    {
        await LedgerOfDebtsAsync();
        var before = await SnapshotAsync(Ledger);
        var e = await Assert.ThrowsAsync<BackOffice.Ledger.InvalidInput>(() => Mailer.QueueAsync("debtors", Today.AddDays(1), Today));
        Assert.Contains("is in the future", e.Message);
        Assert.Equal(before, await SnapshotAsync(Ledger));
    }

    async Task<List<Mail>> MailsAsync() => (await QueryAsync<Mail>(
        "select kind, dedupe_key, to_address, subject, body_text, message_id, attachments::text as attachments from outgoing_mail order by to_address")).ToList();

    async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.QueryAsync<T>(sql, args);
    }

    sealed class Mail
    {
        public string Kind { get; set; } = "";
        public string DedupeKey { get; set; } = "";
        public string ToAddress { get; set; } = "";
        public string Subject { get; set; } = "";
        public string BodyText { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string Attachments { get; set; } = "";
    }
}
