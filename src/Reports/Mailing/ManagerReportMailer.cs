using System.Globalization;
using System.Text.Json;
using BackOffice.Ledger.Billing;
using BackOffice.Reports.Engine;
using BackOffice.Reports.Writing;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Reports.Mailing;

/// <summary>What a mailing run did: workbooks queued, already queued for that date before, managers with nothing to send.</summary>
public sealed record MailedReports(int Queued, int AlreadyQueued, int NothingToSend, int NoEmail);

/// <summary>
/// Queues each sales manager's own workbook in outgoing_mail (SPEC §5): built with the report scoped to that manager,
/// so it holds only his clients. One mail per (report, manager, as-of date) by its dedupe key, so a re-run or a second
/// instance adds nothing. A manager with no rows gets no mail.
/// The workbook rides in outgoing_mail.attachments as [{"fileName", "contentType", "contentBase64"}].
/// </summary>
public sealed class ManagerReportMailer(NpgsqlDataSource db, ReportEngine engine, TimeProvider clock, IOptions<BillingOptions> billing)
{
    public const string MailKind = "manager_report";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<MailedReports> QueueAsync(string reportName, DateOnly asOf, DateOnly today, CancellationToken ct = default)
    {
        ReportEngine.EnsurePast(asOf, today);
        engine.Catalogue.Find(reportName);
        List<Manager> managers;
        await using (var conn = await db.OpenConnectionAsync(ct))
            managers = (await conn.QueryAsync<Manager>(new CommandDefinition("""
                select id, full_name, email from staff
                where active and (is_sales_manager or id in (select sales_manager_id from clients where sales_manager_id is not null))
                order by id
                """, cancellationToken: ct))).ToList();
        int queued = 0, already = 0, empty = 0, noEmail = 0;
        foreach (var manager in managers)
        {
            if (string.IsNullOrWhiteSpace(manager.Email))
            {
                noEmail++;
                continue;
            }
            var book = await engine.BuildAsync(reportName, new ReportRequest(asOf, manager.Id.ToString(CultureInfo.InvariantCulture)), today, ct);
            if (book.DetailRows == 0)
            {
                empty++;
                continue;
            }
            if (await EnqueueAsync(manager, book, ct)) queued++;
            else already++;
        }
        return new MailedReports(queued, already, empty, noEmail);
    }

    async Task<bool> EnqueueAsync(Manager manager, ReportBook book, CancellationToken ct)
    {
        using var workbook = new MemoryStream();
        XlsxReportWriter.Write(book, workbook);
        var fileName = FileName(book, manager.FullName);
        var attachments = JsonSerializer.Serialize(new[]
        {
            new { fileName, contentType = XlsxContentType, contentBase64 = Convert.ToBase64String(workbook.ToArray()) },
        }, Json);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            insert into outgoing_mail (kind, dedupe_key, to_address, subject, body_text, message_id, attachments, created_at, next_attempt_at)
            values (@MailKind, @dedupe, @Email, @subject, @body, @messageId, @attachments::jsonb, @now, @now)
            on conflict (dedupe_key) where dedupe_key is not null do nothing
            """, new
        {
            MailKind, dedupe = $"{MailKind}:{book.Name}:{manager.Id}:{book.AsOf:yyyy-MM-dd}", manager.Email,
            subject = $"{book.Title} на {book.AsOf:dd.MM.yyyy} — {manager.FullName}",
            body = Body(book, manager.FullName, fileName), messageId = $"<report-{Guid.NewGuid():N}@{billing.Value.MailDomain}>",
            attachments, now,
        }, cancellationToken: ct)) == 1;
    }

    /// <summary>"Должники_Камышина_Екатерина_2026-12-01.xlsx": the report, the manager and the date, safe on every file system.</summary>
    public static string FileName(ReportBook book, string manager)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['\\', '/', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var name = string.Concat($"{book.Title} {manager} {book.AsOf:yyyy-MM-dd}".Select(c => invalid.Contains(c) ? '_' : c));
        return string.Join('_', name.Split(' ', StringSplitOptions.RemoveEmptyEntries)) + ".xlsx";
    }

    static string Body(ReportBook book, string manager, string fileName)
    {
        var total = book.Summary.Rows[^1].Cells;
        var figures = book.Summary.Columns.Select((c, i) => (c, i)).Skip(1)
            .Select(x => x.c.Kind == CellKind.Money
                ? $"{x.c.Header}: {((decimal?)total[x.i] ?? 0m).ToString("N2", Ru)} руб."
                : $"{x.c.Header}: {total[x.i]}");
        return $"{manager}, во вложении ваш отчёт «{book.Title}» на {book.AsOf:dd.MM.yyyy} ({fileName}), только ваши клиенты.\n\n" +
               string.Join("\n", figures) + "\n";
    }

    sealed class Manager
    {
        public int Id { get; set; }
        public string FullName { get; set; } = "";
        public string? Email { get; set; }
    }
}
