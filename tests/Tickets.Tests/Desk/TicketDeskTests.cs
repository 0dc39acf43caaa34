using BackOffice.Ledger;
using BackOffice.Tests.Support;
using BackOffice.Tickets.Desk;
using Dapper;
using Microsoft.Extensions.Options;

namespace BackOffice.Tickets.Tests.Desk;

public sealed class TicketDeskTests(PostgresCluster cluster, MailServers mail) : TicketsTest(cluster, mail)
{
    async Task<int> NewTicketAsync() =>
        (await TakeAsync(Message("buh@fabrika.example", "Не приходят счета", "Здравствуйте, не приходят счета", messageId: "d1@fabrika.example"))).TicketNumber!.Value;

    [Fact]
    public async Task Staff_verbs_change_the_ticket_and_its_history()
    {
        var n = await NewTicketAsync();
        var desk = Desk();
        await desk.AssignAsync(n, "vdubikhin", "sfedorov");
        await desk.MoveAsync(n, "vdubikhin", "Бухгалтерия");
        await desk.PriorityAsync(n, "vdubikhin", "high");
        await desk.NoteAsync(n, "vdubikhin", "Проверить рассылку счетов");
        await desk.ReplyAsync(n, "sfedorov", "Отправили счёт повторно.");
        var v = await desk.ShowAsync(n);
        Assert.Equal(("answered", "high", "Бухгалтерия", "Федоров Сергей"), (v.Ticket.Status, v.Ticket.Priority, v.Ticket.Department, v.Ticket.Assignee));
        Assert.Equal(["client", "note", "staff"], v.Messages.Select(m => m.Kind));
        Assert.Contains(v.History, h => h.Contains("assigned to Федоров Сергей"));
        Assert.Contains(v.History, h => h.Contains("moved to Бухгалтерия"));
        Assert.Contains(v.History, h => h.Contains("status open → answered"));
        // The note never leaves the house; the answer is queued to the client.
        Assert.Equal(1, await CountAsync("outgoing_mail", "kind = 'ticket_reply' and body_text = 'Отправили счёт повторно.'"));
        Assert.Equal(0, await CountAsync("outgoing_mail", "body_text like '%рассылку%'"));

        await desk.CloseAsync(n, "sfedorov");
        Assert.Equal("closed", (await TicketAsync(n)).Status);
        await desk.OpenAsync(n, "sfedorov");
        Assert.Equal("open", (await TicketAsync(n)).Status);
        Assert.Contains(n, (await desk.ListAsync(clientId: 7583)).Select(t => t.Number));
    }

    [Fact]
    public async Task Wrong_staff_ticket_or_priority_is_refused_and_changes_nothing()
    {
        var n = await NewTicketAsync();
        var desk = Desk();
        var before = await SnapshotAsync("tickets", "ticket_messages", "ticket_events", "outgoing_mail");
        Assert.Equal("'urgent' is not a priority: low, medium or high.", (await Assert.ThrowsAsync<InvalidInput>(() => desk.PriorityAsync(n, "vdubikhin", "urgent"))).Message);
        Assert.Contains("There is no active staff member 'nobody'", (await Assert.ThrowsAsync<NotFound>(() => desk.ReplyAsync(n, "nobody", "x"))).Message);
        Assert.Equal("There is no ticket #999999.", (await Assert.ThrowsAsync<NotFound>(() => desk.NoteAsync(999999, "vdubikhin", "x"))).Message);
        Assert.Contains("There is no department 'Склад'", (await Assert.ThrowsAsync<NotFound>(() => desk.MoveAsync(n, "vdubikhin", "Склад"))).Message);
        Assert.Equal(before, await SnapshotAsync("tickets", "ticket_messages", "ticket_events", "outgoing_mail"));
    }

    [Fact]
    public async Task Reply_attachments_are_sent_and_an_oversized_one_is_refused_with_nothing_stored()
    {
        var n = await NewTicketAsync();
        Options.MaxAttachmentBytes = 1000;
        var desk = Desk();
        var before = await SnapshotAsync("ticket_messages", "ticket_attachments", "outgoing_mail", "tickets");
        var e = await Assert.ThrowsAsync<InvalidInput>(() => desk.ReplyAsync(n, "vdubikhin", "см. файл", [new StaffFile("big.pdf", new byte[1001])]));
        Assert.Equal("big.pdf is 1,001 bytes, more than the limit of 1,000 (BackOffice:Mail:MaxAttachmentBytes).", e.Message);
        Assert.Equal(before, await SnapshotAsync("ticket_messages", "ticket_attachments", "outgoing_mail", "tickets"));

        var id = await desk.ReplyAsync(n, "vdubikhin", "см. файл", [new StaffFile("акт.txt", "акт сверки"u8.ToArray(), "text/plain")]);
        await Sender().SendPendingAsync(default);
        var sent = Mail.Received().Single(m => m.MessageId == id);
        var file = sent.Attachments.OfType<MimeKit.MimePart>().Single();
        Assert.Equal("акт.txt", file.FileName);
    }

    [Fact]
    public async Task Staff_open_internal_tickets_and_tickets_to_a_client()
    {
        var desk = Desk();
        var internalNo = await desk.OpenTicketAsync("vdubikhin", "Проверить резервные копии", "Раз в месяц", null, "Бухгалтерия");
        var toClient = await desk.OpenTicketAsync("vdubikhin", "Плановые работы", "Завтра с 22:00 сервер недоступен", 7584, null);
        var internalView = await desk.ShowAsync(internalNo);
        Assert.Equal(("internal", "Бухгалтерия"), (internalView.Kind, internalView.Ticket.Department));
        Assert.Equal(0, await CountAsync("outgoing_mail", "ticket_id = (select id from tickets where number = " + internalNo + ")"));
        Assert.Equal(1, await CountAsync("outgoing_mail", "kind = 'ticket_reply' and to_address = 'oleg@romashka.example'"));
        Assert.Equal("answered", (await desk.ShowAsync(toClient)).Ticket.Status);
    }

    [Fact]
    public async Task A_paid_upgrade_becomes_one_internal_ticket_to_Technical_Support()
    {
        await using (var conn = await Db.OpenConnectionAsync())
            // The payload the billing engine writes (InvoiceSettlement) for 5 → 10 GB of disk space.
            await conn.ExecuteAsync("""
                insert into outbox (destination, kind, aggregate_id, payload) values ('tickets', 'service.upgrade_paid', 812, '{
                  "serviceId": 812, "clientId": 7583, "productName": "Облачный сервер", "changeId": 31,
                  "productBefore": {"id": 4, "name": "Облачный сервер"}, "productAfter": {"id": 4, "name": "Облачный сервер"},
                  "cycleBefore": "monthly", "cycleAfter": "monthly", "newProductId": null, "newCycle": null,
                  "options": [{"optionId": 9, "name": "Дисковое пространство, ГБ", "before": 5, "after": 10}],
                  "delta": "Δ 5-10", "recurringAmount": 1500.00 }'::jsonb)
                """);
        var upgrades = new UpgradeTickets(Db, Opt, Clock);
        var made = await upgrades.ProcessAsync(default);
        Assert.Empty(await upgrades.ProcessAsync(default));
        var v = await Desk().ShowAsync(Assert.Single(made));
        Assert.Equal("internal", v.Kind);
        Assert.Equal("Техническая поддержка", v.Ticket.Department);
        Assert.Equal("Облачный сервер: Дисковое пространство, ГБ 5 → 10", v.Ticket.Subject);
        Assert.StartsWith("Δ 5-10\n", v.Messages.Single().Text);
        Assert.Equal(7583, v.Ticket.ClientId);
        Assert.Equal(0, await CountAsync("outbox", "processed_at is null"));
        Assert.Equal(0, await CountAsync("outgoing_mail"));
    }
}
