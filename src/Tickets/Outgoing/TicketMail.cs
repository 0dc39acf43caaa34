using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Intake;
using BackOffice.Tickets.Mail;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Tickets.Outgoing;

/// <summary>What mail a ticket event queues (acknowledgements, notifications to staff, staff answers), in the event's transaction.</summary>
public sealed class TicketMail(IOptions<MailOptions> options)
{
    MailOptions O => options.Value;

    public Task ClientMessageAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TicketRow ticket, ParsedMail mail, TakeOutcome outcome, DateTime now, CancellationToken ct) =>
        Task.CompletedTask;

    public async Task<TakeResult> StaffReplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TicketRow ticket, int staffId, ParsedMail mail, long intakeId, DateTime now, CancellationToken ct)
    {
        await TicketStore.AddMessageAsync(conn, tx, ticket.Id, new NewMessage("note", mail.Reply, mail.From, mail.FromName, mail.Subject, mail.Reply,
            MessageId: mail.MessageId, IntakeId: intakeId, AuthorStaffId: staffId), now, ct);
        return new TakeResult(TakeOutcome.StaffNote, ticket.Id, ticket.Number);
    }
}
