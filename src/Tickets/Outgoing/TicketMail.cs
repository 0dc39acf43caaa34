using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Intake;
using BackOffice.Tickets.Mail;
using BackOffice.Tickets.Sla;
using BackOffice.Tickets.Threading;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Tickets.Outgoing;

/// <summary>What mail a ticket event queues (acknowledgements, staff answers, notifications to staff), in the event's transaction.</summary>
public sealed class TicketMail(IOptions<MailOptions> options, SlaClock sla)
{
    MailOptions O => options.Value;

    public async Task ClientMessageAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TicketRow ticket, ParsedMail mail, TakeOutcome outcome, DateTime now, CancellationToken ct)
    {
        if (mail.IsAutomatic) return;
        await sla.ClientMessageAsync(conn, tx, ticket.Id, now, ct);
        if (outcome is TakeOutcome.NewTicket or TakeOutcome.LinkedNewTicket)
            await AcknowledgeAsync(conn, tx, ticket, mail, now, ct);
    }

    /// <summary>
    /// The acknowledgement of a new ticket — never to robots (auto-replies, bounces, lists, reports: <see cref="AutomaticMail"/>),
    /// to a sender who asked for none (X-Auto-Response-Suppress), to our own or a staff address, nor more than
    /// AcknowledgementsPerSenderPerHour to one address, so that two auto-responders cannot loop.
    /// </summary>
    async Task AcknowledgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TicketRow ticket, ParsedMail mail, DateTime now, CancellationToken ct)
    {
        if (mail.IsAutomatic || mail.SuppressAutoReply || mail.From is not { } to || !IsMailbox(to)) return;
        if (await IsOursAsync(conn, tx, to, ct)) return;
        var recent = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*)::int from outgoing_mail where kind = 'ticket_ack' and lower(to_address) = lower(@to) and created_at > @since",
            new { to, since = now.AddHours(-1) }, tx, cancellationToken: ct));
        if (recent >= O.AcknowledgementsPerSenderPerHour) return;

        var ids = await SignedMessageIds.LoadAsync(conn, tx, O.Domain, ct);
        var subject = $"{TicketThreader.TagFor(ticket.Number)} Ваше обращение принято: {ticket.Subject}";
        var body = $"""
            Здравствуйте!

            Мы получили ваше письмо и зарегистрировали обращение № {ticket.Number}. Ответим в течение двух рабочих часов.
            Отвечая на это письмо, сохраните в теме номер {TicketThreader.TagFor(ticket.Number)}.

            {O.DisplayName}
            """;
        await OutgoingQueue.EnqueueAsync(conn, tx, new QueuedMail("ticket_ack", to, subject, body, ids.New(ticket.Number))
        {
            TicketId = ticket.Id, ClientId = ticket.ClientId, InReplyTo = mail.MessageId, References = mail.MessageId is { } mid ? $"<{mid}>" : null,
            DedupeKey = mail.MessageId is { } m ? $"ack:{ticket.Id}:{m}" : null, Headers = OutgoingQueue.AutoReplied,
        }, now, ct);
    }

    /// <summary>Our own support address, a department's or a staff member's: never acknowledged (a loop with ourselves).</summary>
    async Task<bool> IsOursAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string address, CancellationToken ct) =>
        string.Equals(address, O.Address, StringComparison.OrdinalIgnoreCase)
        || await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            select exists (select 1 from departments where lower(email) = lower(@address))
                or exists (select 1 from staff where lower(email) = lower(@address))
            """, new { address }, tx, cancellationToken: ct));

    static bool IsMailbox(string address)
    {
        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1 && !address.Contains(' ') && !address.Contains('"') && address[(at + 1)..].Contains('.');
    }

    public async Task<TakeResult> StaffReplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TicketRow ticket, int staffId, ParsedMail mail, long intakeId, DateTime now, CancellationToken ct)
    {
        await TicketStore.AddMessageAsync(conn, tx, ticket.Id, new NewMessage("note", mail.Reply, mail.From, mail.FromName, mail.Subject, mail.Reply,
            MessageId: mail.MessageId, IntakeId: intakeId, AuthorStaffId: staffId), now, ct);
        return new TakeResult(TakeOutcome.StaffNote, ticket.Id, ticket.Number);
    }
}
