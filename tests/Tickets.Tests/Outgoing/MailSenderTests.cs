using BackOffice.Tests.Support;
using BackOffice.Tickets.Threading;
using Dapper;
using MimeKit;

namespace BackOffice.Tickets.Tests.Outgoing;

public sealed class MailSenderTests(PostgresCluster cluster, MailServers mail) : TicketsTest(cluster, mail)
{
    /// <summary>What the SMTP listener received for this test (the listener is shared by the run: filter by our Message-IDs).</summary>
    async Task<List<MimeMessage>> ReceivedAsync(string kind = "%")
    {
        await using var conn = await Db.OpenConnectionAsync();
        var ours = (await conn.QueryAsync<string>("select trim(both '<>' from message_id) from outgoing_mail where kind like @kind", new { kind })).ToHashSet();
        return Mail.Received().Where(m => m.MessageId is not null && ours.Contains(m.MessageId)).ToList();
    }

    async Task QueueNoticesAsync(int count)
    {
        // What billing queues today (OverdueProcessor's shape): no ticket, no sender address, a bracketed Message-ID.
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into outgoing_mail (kind, dedupe_key, to_address, subject, body_text, message_id, client_id, created_at, next_attempt_at)
            select 'overdue_notice', 'invoice:' || g || ':overdue-1', 'buh@fabrika.example', 'Счёт № ' || (72000 + g) || ' просрочен (1-е уведомление)',
                   'Сумма к оплате…', '<' || gen_random_uuid() || '@company.test>', 7583, @now, @now
            from generate_series(1, @count) g
            """, new { count, now = Clock.GetUtcNow().UtcDateTime });
    }

    [Fact]
    public async Task Billing_notices_in_the_queue_are_sent_once_each_and_marked_sent()
    {
        await QueueNoticesAsync(3);
        var summary = await Sender().SendPendingAsync(default);
        await using (var c = await Db.OpenConnectionAsync())
            Assert.True(summary.Sent == 3, string.Join("; ", await c.QueryAsync<string?>("select last_error from outgoing_mail")));
        var received = await ReceivedAsync();
        Assert.Equal(3, received.Count);
        Assert.All(received, m =>
        {
            Assert.Equal("ok@company.test", m.From.Mailboxes.Single().Address);
            Assert.Equal("auto-generated", m.Headers["Auto-Submitted"]); // a notice from a robot: other robots stay quiet
        });
        Assert.Equal(0, await CountAsync("outgoing_mail", "sent_at is null"));
        Assert.Equal(0, (await Sender().SendPendingAsync(default)).Claimed);
    }

    [Fact]
    public async Task A_manager_report_queued_with_its_workbook_goes_out_with_the_file_attached()
    {
        // The reports job queues the workbook whole in the attachments column (fileName, contentType, contentBase64).
        var workbook = new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5 };
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                insert into outgoing_mail (kind, dedupe_key, to_address, subject, body_text, message_id, attachments, created_at, next_attempt_at)
                values ('manager_report', 'manager_report:debtors:1:2026-12-01', 'ekamyshina@company.test', 'Должники на 01.12.2026 — Камышина Екатерина',
                        'Отчёт во вложении.', '<' || gen_random_uuid() || '@company.test>', @attachments::jsonb, @now, @now)
                """, new
            {
                attachments = System.Text.Json.JsonSerializer.Serialize(new[]
                {
                    new { fileName = "Должники_Камышина_2026-12-01.xlsx", contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          contentBase64 = Convert.ToBase64String(workbook) },
                }),
                now = Clock.GetUtcNow().UtcDateTime,
            });

        Assert.Equal(1, (await Sender().SendPendingAsync(default)).Sent);
        var sent = Assert.Single(await ReceivedAsync("manager_report"));
        var file = Assert.Single(sent.Attachments.OfType<MimePart>());
        Assert.Equal("Должники_Камышина_2026-12-01.xlsx", file.FileName);
        using var bytes = new MemoryStream();
        await file.Content!.DecodeToAsync(bytes);
        Assert.Equal(workbook, bytes.ToArray());
    }

    [Fact]
    public async Task Several_instances_send_each_message_once()
    {
        await QueueNoticesAsync(40);
        Options.SmtpBatchSize = 5;
        var senders = Enumerable.Range(1, 4).Select(i => Sender($"instance-{i}")).ToList();
        for (var round = 0; round < 5; round++)
            await Task.WhenAll(senders.Select(s => s.SendPendingAsync(default)));
        var received = await ReceivedAsync();
        Assert.Equal(40, received.Count);
        Assert.Equal(40, received.Select(m => m.MessageId).Distinct().Count());
        await using var conn = await Db.OpenConnectionAsync();
        Assert.True(await conn.ExecuteScalarAsync<int>("select count(distinct claimed_by) from outgoing_mail") > 1);
    }

    [Fact]
    public async Task A_server_that_is_down_leaves_the_queue_for_a_retry()
    {
        await QueueNoticesAsync(2);
        var port = Options.SmtpPort;
        Options.SmtpPort = 1; // nothing listens there
        var down = await Sender().SendPendingAsync(default);
        Assert.Equal((2, 0), (down.Claimed, down.Sent));
        await using var conn = await Db.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string? Error, DateTime Next, DateTime? Locked)>("select last_error, next_attempt_at, locked_until from outgoing_mail")).ToList();
        Assert.All(rows, r => Assert.Contains("unreachable", r.Error));
        Assert.All(rows, r => Assert.True(r.Next > Clock.GetUtcNow().UtcDateTime));
        Assert.All(rows, r => Assert.Null(r.Locked));
        Assert.Empty(await ReceivedAsync());

        Options.SmtpPort = port;
        Assert.Equal(0, (await Sender().SendPendingAsync(default)).Claimed); // not before its retry time
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, (await Sender().SendPendingAsync(default)).Sent);
        Assert.Equal(2, (await ReceivedAsync()).Count);
    }

    [Fact]
    public async Task A_staff_reply_carries_the_tag_and_threading_headers_and_the_answer_threads_back()
    {
        var first = await TakeAsync(Message("buh@fabrika.example", "Не работает 1С", "Ошибка при входе", messageId: "client-1@fabrika.example"));
        var replyId = await Desk().ReplyAsync(first.TicketNumber!.Value, "vdubikhin", "Проверили, перезапустили сервер. Попробуйте войти.");
        await Sender().SendPendingAsync(default);

        var sent = (await ReceivedAsync()).Single(m => m.MessageId == replyId);
        Assert.Equal($"Re: Не работает 1С [#{first.TicketNumber}]", sent.Subject);
        Assert.Equal("buh@fabrika.example", sent.To.Mailboxes.Single().Address);
        Assert.Equal("ok@company.test", sent.From.Mailboxes.Single().Address);
        Assert.Equal("client-1@fabrika.example", sent.InReplyTo);
        Assert.Contains("client-1@fabrika.example", sent.References);
        Assert.EndsWith("@company.test", sent.MessageId);
        Assert.Null(sent.Headers["Auto-Submitted"]); // a person wrote it

        // The client answers from another address of theirs, with another subject: our signed Message-ID threads it.
        var answer = await TakeAsync(Message("petr@fabrika.example", "спасибо", "Заработало", messageId: "client-2@fabrika.example", inReplyTo: sent.MessageId));
        Assert.Equal(first.TicketNumber, answer.TicketNumber);
    }

    [Fact]
    public async Task New_tickets_are_acknowledged_marked_auto_replied_but_never_to_robots_or_ourselves()
    {
        var human = await TakeAsync(Message("Ирина <buh@fabrika.example>", "Вопрос по счёту", "Здравствуйте", messageId: "h1@fabrika.example"));
        await TakeAsync(Message("buh@fabrika.example", "Автоответ", "в отпуске", extraHeaders: "Auto-Submitted: auto-replied\r\n"));
        await TakeAsync(Message("news@lists.example", "Рассылка", "новости", extraHeaders: "List-Id: <news.lists.example>\r\nList-Unsubscribe: <mailto:u@lists.example>\r\n"));
        await TakeAsync(Message("MAILER-DAEMON@mx.example", "Undelivered Mail Returned to Sender", "This is the mail system at host mx.example."));
        await TakeAsync(Message("bounce@mx.example", "Returned", "x", extraHeaders: "Return-Path: <>\r\n"));
        await TakeAsync(Message("ooo@client.example", "Automatic reply: Nyaan", "away", extraHeaders: "X-Auto-Response-Suppress: All\r\n"));
        await TakeAsync(Message("support@company.test", "Department address", "x"));
        await TakeAsync(Message("vdubikhin@company.test", "Staff address", "x"));
        await Sender().SendPendingAsync(default);

        var acks = await ReceivedAsync("ticket_ack");
        var ack = Assert.Single(acks);
        Assert.Equal("buh@fabrika.example", ack.To.Mailboxes.Single().Address);
        Assert.StartsWith($"[#{human.TicketNumber}]", ack.Subject);
        Assert.Equal("auto-replied", ack.Headers["Auto-Submitted"]);
        Assert.Equal("h1@fabrika.example", ack.InReplyTo);
        Assert.Equal(8, (await TicketsAsync()).Count); // every message became a ticket
    }

    [Fact]
    public async Task A_loop_with_another_auto_responder_gets_bounded_acknowledgements()
    {
        // A robot that answers every mail with a fresh message and no automatic headers at all: each of its messages
        // opens a ticket (it threads nowhere), and only AcknowledgementsPerSenderPerHour of them are acknowledged.
        for (var i = 0; i < 12; i++)
        {
            await TakeAsync(Message("robot@crm.example", $"Ваше письмо получено #{i}", "Спасибо за письмо", messageId: $"robot-{i}@crm.example"));
            await Sender().SendPendingAsync(default);
            Clock.Advance(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(3, (await ReceivedAsync()).Count(m => m.To.Mailboxes.Single().Address == "robot@crm.example"));

        Clock.Advance(TimeSpan.FromHours(1));
        await TakeAsync(Message("robot@crm.example", "ещё", "ещё", messageId: "robot-late@crm.example"));
        await Sender().SendPendingAsync(default);
        Assert.Equal(4, (await ReceivedAsync()).Count(m => m.To.Mailboxes.Single().Address == "robot@crm.example"));
    }
}
