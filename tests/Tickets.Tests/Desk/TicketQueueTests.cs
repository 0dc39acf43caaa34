using BackOffice.Ledger;
using BackOffice.Tests.Support;
using BackOffice.Tickets.Desk;
using Dapper;

namespace BackOffice.Tickets.Tests.Desk;

public sealed class TicketQueueTests(PostgresCluster cluster, MailServers mail) : TicketsTest(cluster, mail)
{
    TicketQueue Queue() => new(Db, Clock, Sla);

    async Task<int> MailAsync(string from, string subject) => (await TakeAsync(Message(from, subject, "Текст"))).TicketNumber!.Value;

    [Fact]
    public async Task The_queue_puts_the_most_urgent_first_with_the_working_minutes_left()
    {
        // Monday 09:00 Moscow: the first ticket is due at 11:00; an hour later the second (due 12:00).
        var early = await MailAsync("buh@fabrika.example", "Первое");
        Clock.Advance(TimeSpan.FromHours(1));
        var later = await MailAsync("oleg@romashka.example", "Второе");
        var answered = await MailAsync("oleg@romashka.example", "Третье");
        await Desk().ReplyAsync(answered, "vdubikhin", "Ответили");
        var held = await MailAsync("buh@fabrika.example", "Ждём документы");
        await Desk().OpenAsync(held, "vdubikhin", "on_hold");
        var internalOne = await Desk().OpenTicketAsync("vdubikhin", "Внутреннее", "Проверить сервер", null, null);
        await Desk().PriorityAsync(internalOne, "vdubikhin", "high");

        Clock.Advance(TimeSpan.FromMinutes(55)); // 10:55: the first is 5 working minutes from breach, the second 65
        var page = await Queue().PageAsync(new TicketFilter());
        Assert.Equal([early, later, internalOne, answered, held], page.Tickets.Select(t => t.Number));
        Assert.Equal([("due soon", 5), ("running", 65)], page.Tickets.Take(2).Select(t => (t.Sla!, t.SlaMinutesLeft!.Value)));
        var paused = page.Tickets.Single(t => t.Number == held);
        Assert.Equal(("paused", 120), (paused.Sla, paused.SlaMinutesLeft));
        Assert.Null(page.Tickets.Single(t => t.Number == answered).Sla);

        // The first breached at 11:00; at 18:30 it is 7 working hours past (the evening after 18:00 does not count).
        Clock.Advance(TimeSpan.FromMinutes(7 * 60 + 35));
        var first = (await Queue().PageAsync(new TicketFilter())).Tickets[0];
        Assert.Equal((early, "breached", -420), (first.Number, first.Sla, first.SlaMinutesLeft));
    }

    [Fact]
    public async Task Filters_narrow_the_queue_and_pages_count_the_whole()
    {
        var a = await MailAsync("buh@fabrika.example", "A");
        var b = await MailAsync("oleg@romashka.example", "B");
        var c = await MailAsync("stranger@elsewhere.example", "C");
        await Desk().AssignAsync(a, "vdubikhin", "sfedorov");
        await Desk().MoveAsync(b, "vdubikhin", "Бухгалтерия");
        await Desk().ReplyAsync(c, "vdubikhin", "Кто вы?");
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("update clients set sales_manager_id = 5 where id = 7584; update clients set personal_manager_id = 6 where id = 7583");
        var q = Queue();

        async Task<int[]> Numbers(TicketFilter f) => (await q.PageAsync(f)).Tickets.Select(t => t.Number).Order().ToArray();
        Assert.Equal([a], await Numbers(new TicketFilter { AssigneeId = 6 }));
        Assert.Equal([b, c], await Numbers(new TicketFilter { AssigneeId = 0 }));
        Assert.Equal([b], await Numbers(new TicketFilter { DepartmentId = 2 }));
        Assert.Equal([b], await Numbers(new TicketFilter { ManagerId = 5 }));
        Assert.Equal([a], await Numbers(new TicketFilter { ManagerId = 6 }));
        Assert.Equal([a, b], await Numbers(new TicketFilter { Awaiting = true }));
        Assert.Equal([c], await Numbers(new TicketFilter { Status = "answered" }));
        Assert.Equal(2, await q.CountAsync(new TicketFilter { Awaiting = true }));

        Clock.Advance(TimeSpan.FromMinutes(110)); // 10 minutes before a and b breach
        Assert.Equal([a, b], await Numbers(new TicketFilter { Breaching = true }));
        await Desk().CloseAsync(a, "sfedorov");
        Assert.Equal([b, c], await Numbers(new TicketFilter()));
        Assert.Equal([104120, a, b, c], await Numbers(new TicketFilter { Status = "all" }));
        Assert.Equal("closed", (await q.PageAsync(new TicketFilter { Number = a })).Tickets.Single().Status);

        var second = await q.PageAsync(new TicketFilter { Status = "all" }, page: 2, pageSize: 3);
        Assert.Equal((4, 2, 1), (second.Total, second.Pages, second.Tickets.Count));
    }

    [Fact]
    public async Task An_unknown_status_is_refused()
    {
        var e = await Assert.ThrowsAsync<InvalidInput>(() => Queue().PageAsync(new TicketFilter { Status = "lost" }));
        Assert.Equal("'lost' is not a ticket status: open, answered, customer_reply, on_hold, in_progress, closed (or all).", e.Message);
    }

    [Fact]
    public async Task The_thread_shows_HTML_mail_sanitised_whatever_was_stored()
    {
        var n = await MailAsync("buh@fabrika.example", "HTML");
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                update ticket_messages set body_html = '<p onclick="steal()">Счёт <b>не пришёл</b></p><script>alert(1)</script>'
                where ticket_id = (select id from tickets where number = @n)
                """, new { n });
        var html = (await Desk().ShowAsync(n)).Messages.Single().Html!;
        Assert.Equal("<p>Счёт <b>не пришёл</b></p>", html);
    }

    [Fact]
    public async Task An_attachment_is_read_through_its_own_ticket_only()
    {
        var n = await MailAsync("buh@fabrika.example", "Акт");
        var other = await MailAsync("oleg@romashka.example", "Другое");
        await Desk().NoteAsync(n, "vdubikhin", "акт во вложении", [new StaffFile("акт.txt", "акт сверки"u8.ToArray(), "text/plain")]);
        var id = (await Desk().ShowAsync(n)).Messages.SelectMany(m => m.Attachments).Single().Id;

        var file = await Desk().AttachmentAsync(n, id);
        Assert.Equal(("акт.txt", "text/plain", "акт сверки"), (file.FileName, file.ContentType, System.Text.Encoding.UTF8.GetString(file.Content)));
        var e = await Assert.ThrowsAsync<NotFound>(() => Desk().AttachmentAsync(other, id));
        Assert.Equal($"Ticket #{other} has no attachment {id}.", e.Message);
    }
}
