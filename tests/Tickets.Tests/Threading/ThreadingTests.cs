using BackOffice.Tests.Support;
using BackOffice.Tickets.Intake;
using BackOffice.Tickets.Threading;
using Dapper;

namespace BackOffice.Tickets.Tests.Threading;

public sealed class ThreadingTests(PostgresCluster cluster, MailServers mail) : TicketsTest(cluster, mail)
{
    async Task<string> SignedIdFor(int number)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await SignedMessageIds.LoadAsync(conn, null, Options.Domain, default)).New(number);
    }

    [Fact]
    public async Task A_reply_quoting_our_signed_Message_ID_threads_to_its_ticket()
    {
        var first = await TakeAsync(Message("buh@fabrika.example", "Нужен счёт", "Пришлите счёт", messageId: "q1@fabrika.example"));
        var signed = await SignedIdFor(first.TicketNumber!.Value);
        // A different subject and a sender the ticket never saw: the signature alone decides.
        var reply = await TakeAsync(Message("someone.else@fabrika.example", "Другая тема", "Ответ", messageId: "q2@fabrika.example", inReplyTo: signed));
        Assert.Equal(TakeOutcome.Reply, reply.Outcome);
        Assert.Equal(first.TicketNumber, reply.TicketNumber);
    }

    [Fact]
    public async Task A_forged_signed_Message_ID_threads_nowhere()
    {
        var first = await TakeAsync(Message("buh@fabrika.example", "Нужен счёт", "text", messageId: "q1@fabrika.example"));
        var forged = $"t{first.TicketNumber}.0123456789abcdef.000000000000@company.test";
        var reply = await TakeAsync(Message("stranger@evil.example", "Re: Нужен счёт", "text", messageId: "q2@evil.example", inReplyTo: forged));
        Assert.Equal(TakeOutcome.NewTicket, reply.Outcome);
    }

    [Fact]
    public async Task A_stored_Message_ID_in_References_threads_to_its_ticket()
    {
        var first = await TakeAsync(Message("buh@fabrika.example", "Нужен счёт", "text", messageId: "q1@fabrika.example"));
        var reply = await TakeAsync(Message("buh@fabrika.example", "Re: something", "text", messageId: "q3@fabrika.example",
            references: "<unknown@x.example> <q1@fabrika.example>"));
        Assert.Equal(first.TicketNumber, reply.TicketNumber);
        Assert.Equal("customer_reply", (await TicketAsync(first.TicketNumber!.Value)).Status);
    }

    [Fact]
    public async Task The_subject_tag_threads_for_the_client_its_contacts_and_participants_in_any_case()
    {
        var first = await TakeAsync(Message("buh@fabrika.example", "Нужен счёт", "text", messageId: "q1@fabrika.example",
            extraHeaders: "Cc: accountant@outside.example\r\n"));
        var tag = TicketThreader.TagFor(first.TicketNumber!.Value);
        foreach (var sender in new[] { "BUH@FABRIKA.EXAMPLE", "Petr@Fabrika.example", "accountant@outside.example" })
        {
            var reply = await TakeAsync(Message(sender, $"Re: Нужен счёт {tag}", "ещё вопрос"));
            Assert.True(reply.TicketNumber == first.TicketNumber, sender);
        }
        Assert.Equal(4, (await TicketAsync(first.TicketNumber.Value)).Messages);
    }

    [Fact]
    public async Task A_forged_tag_from_a_stranger_opens_a_new_ticket_and_leaves_the_other_alone()
    {
        var first = await TakeAsync(Message("buh@fabrika.example", "Нужен счёт", "text", messageId: "q1@fabrika.example"));
        var before = await SnapshotAsync("tickets", "ticket_messages", "clients", "client_contacts");
        var forged = await TakeAsync(Message("attacker@evil.example", $"Re: Нужен счёт [#{first.TicketNumber}] смените реквизиты", "Смените email клиента на attacker@evil.example"));

        Assert.Equal(TakeOutcome.NewTicket, forged.Outcome);
        Assert.NotEqual(first.TicketNumber, forged.TicketNumber);
        Assert.Equal(1, (await TicketAsync(first.TicketNumber!.Value)).Messages);
        var t = (await TicketsAsync()).Single(x => x.Number == forged.TicketNumber);
        Assert.True(t.Unverified);
        Assert.Null(t.ClientId);
        await using var conn = await Db.OpenConnectionAsync();
        Assert.Equal(before.Split('\n').Where(l => l.StartsWith("client")), (await SnapshotAsync("clients", "client_contacts")).Split('\n'));
    }

    [Fact]
    public async Task The_same_subject_text_alone_never_threads()
    {
        var first = await TakeAsync(Message("buh@fabrika.example", "Нужен счёт", "text", messageId: "q1@fabrika.example"));
        var again = await TakeAsync(Message("buh@fabrika.example", "Re: Нужен счёт", "text", messageId: "q2@fabrika.example"));
        Assert.Equal(TakeOutcome.NewTicket, again.Outcome);
        Assert.NotEqual(first.TicketNumber, again.TicketNumber);
    }

    [Fact]
    public async Task A_reply_to_a_closed_ticket_reopens_it_within_the_configured_days_and_opens_a_linked_one_later()
    {
        var first = await TakeAsync(Message("buh@fabrika.example", "Нужен счёт", "text", messageId: "q1@fabrika.example"));
        await CloseAsync(first.TicketNumber!.Value);
        Clock.Advance(TimeSpan.FromDays(29));
        var reopen = await TakeAsync(Message("buh@fabrika.example", "Re: Нужен счёт", "ещё", messageId: "q2@fabrika.example", inReplyTo: "q1@fabrika.example"));
        Assert.Equal(TakeOutcome.Reopened, reopen.Outcome);
        Assert.Equal("customer_reply", (await TicketAsync(first.TicketNumber.Value)).Status);

        await CloseAsync(first.TicketNumber.Value);
        Clock.Advance(TimeSpan.FromDays(31));
        var late = await TakeAsync(Message("buh@fabrika.example", "Re: Нужен счёт", "через месяц", messageId: "q3@fabrika.example", inReplyTo: "q2@fabrika.example"));
        Assert.Equal(TakeOutcome.LinkedNewTicket, late.Outcome);
        Assert.Equal("closed", (await TicketAsync(first.TicketNumber.Value)).Status);
        await using var conn = await Db.OpenConnectionAsync();
        Assert.Equal(first.TicketId, await conn.ExecuteScalarAsync<long?>("select linked_ticket_id from tickets where number = @n", new { n = late.TicketNumber }));
    }

    [Fact]
    public async Task Auto_replies_and_bounces_never_reopen()
    {
        var first = await TakeAsync(Message("buh@fabrika.example", "Нужен счёт", "text", messageId: "q1@fabrika.example"));
        await CloseAsync(first.TicketNumber!.Value);
        var ooo = await TakeAsync(Message("buh@fabrika.example", "Автоответ: Re: Нужен счёт", "Я в отпуске", messageId: "ooo@fabrika.example",
            inReplyTo: "q1@fabrika.example", extraHeaders: "Auto-Submitted: auto-replied\r\n"));
        Assert.Equal(TakeOutcome.AttachedToClosed, ooo.Outcome);
        var (status, messages, _) = await TicketAsync(first.TicketNumber.Value);
        Assert.Equal("closed", status);
        Assert.Equal(2, messages);
    }

    [Fact]
    public async Task Senders_are_matched_to_clients_by_registered_or_contact_email_ignoring_case()
    {
        var registered = await TakeAsync(Message("BUH@fabrika.EXAMPLE", "a", "a"));
        var contact = await TakeAsync(Message("petr@FABRIKA.example", "b", "b"));
        var unknown = await TakeAsync(Message("nobody@nowhere.example", "c", "c"));
        var tickets = (await TicketsAsync()).ToDictionary(t => t.Number);
        Assert.Equal((7583, false), (tickets[registered.TicketNumber!.Value].ClientId, tickets[registered.TicketNumber.Value].Unverified));
        Assert.Equal((7583, false), (tickets[contact.TicketNumber!.Value].ClientId, tickets[contact.TicketNumber.Value].Unverified));
        Assert.Equal((null, true), (tickets[unknown.TicketNumber!.Value].ClientId, tickets[unknown.TicketNumber.Value].Unverified));
    }

    async Task CloseAsync(int number)
    {
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync("update tickets set status = 'closed', closed_at = @now where number = @number", new { number, now = Clock.GetUtcNow().UtcDateTime });
    }
}
