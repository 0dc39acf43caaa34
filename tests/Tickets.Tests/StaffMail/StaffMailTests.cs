using BackOffice.Tests.Support;
using BackOffice.Tickets.Intake;
using Dapper;
using MimeKit;

namespace BackOffice.Tickets.Tests.StaffMail;

/// <summary>Staff work tickets from their own mail client: notifications out, their replies back in.</summary>
public sealed class StaffMailTests(PostgresCluster cluster, MailServers mail) : TicketsTest(cluster, mail)
{
    async Task<(int Number, MimeMessage Notification)> NewTicketNotifiedAsync()
    {
        var taken = await TakeAsync(Message("Ирина <buh@fabrika.example>", "Нет доступа к базе", "Не можем войти в 1С с утра.", messageId: "c1@fabrika.example"));
        await Sender().SendPendingAsync(default);
        await using var conn = await Db.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<string>("select message_id from outgoing_mail where kind = 'staff_notification' and ticket_id = @TicketId", taken);
        return (taken.TicketNumber!.Value, Mail.Received().Single(m => m.MessageId == id));
    }

    static byte[] ReplyTo(MimeMessage notification, string from, string text) => Message(from, "Re: " + notification.Subject,
        text + "\n\nOn Mon, 23 Nov 2026 at 09:00, Служба поддержки <ok@company.test> wrote:\n> " + string.Join("\n> ", notification.TextBody!.Split('\n')),
        messageId: Guid.NewGuid().ToString("N") + "@company.test", inReplyTo: notification.MessageId, references: $"<{notification.MessageId}>");

    async Task<List<(string Kind, string Body)>> MessagesAsync(int number)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.QueryAsync<(string, string)>(
            "select m.kind, m.body_text from ticket_messages m join tickets t on t.id = m.ticket_id where t.number = @number order by m.id", new { number })).ToList();
    }

    [Fact]
    public async Task A_new_ticket_is_forwarded_to_the_department_with_a_reply_to_that_threads_back()
    {
        var (number, n) = await NewTicketNotifiedAsync();
        Assert.Equal("support@company.test", n.To.Mailboxes.Single().Address);
        Assert.Equal("ok@company.test", n.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("ok@company.test", n.From.Mailboxes.Single().Address);
        Assert.StartsWith($"[#{number}] Новое обращение", n.Subject);
        Assert.StartsWith($"n{number}.", n.MessageId);
        Assert.Contains("Не можем войти в 1С с утра.", n.TextBody);
        Assert.Equal("auto-generated", n.Headers["Auto-Submitted"]);
    }

    [Fact]
    public async Task A_staff_reply_to_the_notification_becomes_the_answer_to_the_client_without_the_quote_with_the_signature()
    {
        var (number, n) = await NewTicketNotifiedAsync();
        var result = await TakeAsync(ReplyTo(n, "Владимир <VDubikhin@company.test>", "Перезапустили сервер, проверьте.\n\n-- \nВладимир Дубихин\nтехподдержка"));
        Assert.Equal(TakeOutcome.StaffAnswer, result.Outcome);

        var messages = await MessagesAsync(number);
        Assert.Equal(["client", "staff"], messages.Select(m => m.Kind));
        Assert.Equal("Перезапустили сервер, проверьте.\n\n-- \nВладимир Дубихин\nтехподдержка", messages[1].Body);
        await Sender().SendPendingAsync(default);
        await using var conn = await Db.OpenConnectionAsync();
        var answerId = await conn.ExecuteScalarAsync<string>("select message_id from outgoing_mail where kind = 'ticket_reply'");
        var answer = Mail.Received().Single(m => m.MessageId == answerId);
        Assert.Equal("buh@fabrika.example", answer.To.Mailboxes.Single().Address);
        Assert.Equal("ok@company.test", answer.From.Mailboxes.Single().Address);
        Assert.DoesNotContain("Пишите ответ выше", answer.TextBody);
        Assert.Equal("c1@fabrika.example", answer.InReplyTo);
        Assert.Null(await conn.ExecuteScalarAsync<DateTime?>("select sla_due_at from tickets where number = @number", new { number }));
        Assert.NotNull(await conn.ExecuteScalarAsync<DateTime?>("select first_response_at from tickets where number = @number", new { number }));
    }

    [Fact]
    public async Task A_staff_reply_starting_with_the_note_keyword_is_an_internal_note_that_reaches_nobody()
    {
        var (number, n) = await NewTicketNotifiedAsync();
        var result = await TakeAsync(ReplyTo(n, "vdubikhin@company.test", "#note клиент не оплатил продление, ждём бухгалтерию"));
        Assert.Equal(TakeOutcome.StaffNote, result.Outcome);
        Assert.Equal(("note", "клиент не оплатил продление, ждём бухгалтерию"), (await MessagesAsync(number))[1]);
        Assert.Equal(0, await CountAsync("outgoing_mail", "kind = 'ticket_reply'"));
    }

    [Fact]
    public async Task A_stranger_replying_to_a_notification_gets_nothing_posted()
    {
        var (number, n) = await NewTicketNotifiedAsync();
        var before = await SnapshotAsync("ticket_messages", "tickets", "outgoing_mail");
        var result = await TakeAsync(ReplyTo(n, "intruder@evil.example", "Смените реквизиты для оплаты на наши"));
        Assert.Equal(TakeOutcome.Ignored, result.Outcome);
        Assert.Contains("not staff: nothing posted", result.Note);
        Assert.Equal(before, await SnapshotAsync("ticket_messages", "tickets", "outgoing_mail"));
        Assert.Equal(1, await CountAsync("mail_intake", "outcome = 'Ignored' and raw is not null"));
    }

    [Fact]
    public async Task A_client_reply_is_forwarded_to_the_department_and_the_assignee()
    {
        var (number, _) = await NewTicketNotifiedAsync();
        await Desk().AssignAsync(number, "vdubikhin", "sfedorov");
        await TakeAsync(Message("buh@fabrika.example", $"Re: Нет доступа к базе [#{number}]", "Всё ещё нет доступа"));
        await using var conn = await Db.OpenConnectionAsync();
        Assert.Equal("support@company.test, sfedorov@company.test".Split(", ").Order(),
            (await conn.ExecuteScalarAsync<string>("select to_address from outgoing_mail where kind = 'staff_notification' order by id desc limit 1"))!.Split(", ").Order());
    }
}
