using System.Security.Cryptography;
using BackOffice.Tickets.Mail;
using Dapper;
using Npgsql;

namespace BackOffice.Tickets.Desk;

public sealed record TicketRow(long Id, int Number, int? ClientId, int DepartmentId, string Subject, string Status, string Priority,
    int? AssigneeId, string Kind, bool Unverified, DateTime? ClosedAt, DateTime CreatedAt);

public sealed record NewTicket(string Subject, int DepartmentId, int? ClientId, string Kind, bool Unverified, string? OpenedBy,
    bool IsAutomatic, long? LinkedTicketId, string Priority = "medium", int? AssigneeId = null);

public sealed record NewMessage(string Kind, string BodyText, string? FromAddress = null, string? FromName = null, string? Subject = null,
    string? BodyReply = null, string? BodyHtml = null, string? MessageId = null, string? InReplyTo = null, string? References = null,
    bool IsAutomatic = false, string? AutomaticReason = null, string? Flag = null, long? IntakeId = null, int? AuthorStaffId = null);

/// <summary>The writes every way into a ticket shares (mail intake, staff verbs, the upgrade event), inside the caller's transaction.</summary>
static class TicketStore
{
    const string Columns = "id, number, client_id, department_id, subject, status, priority, assignee_id, kind, unverified, closed_at, created_at";

    public static Task<TicketRow?> ByNumberAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long number, CancellationToken ct, bool forUpdate = false) =>
        conn.QuerySingleOrDefaultAsync<TicketRow>(new CommandDefinition(
            $"select {Columns} from tickets where number = @number{(forUpdate ? " for update" : "")}", new { number }, tx, cancellationToken: ct));

    public static Task<TicketRow?> ByIdAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long id, CancellationToken ct, bool forUpdate = false) =>
        conn.QuerySingleOrDefaultAsync<TicketRow>(new CommandDefinition(
            $"select {Columns} from tickets where id = @id{(forUpdate ? " for update" : "")}", new { id }, tx, cancellationToken: ct));

    public static async Task<TicketRow> CreateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NewTicket t, DateTime now, string actor, CancellationToken ct)
    {
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into tickets (client_id, department_id, subject, status, priority, assignee_id, kind, unverified, opened_by_address,
                                 is_automatic, linked_ticket_id, created_at, updated_at)
            values (@ClientId, @DepartmentId, @Subject, 'open', @Priority, @AssigneeId, @Kind, @Unverified, @OpenedBy,
                    @IsAutomatic, @LinkedTicketId, @now, @now)
            returning id
            """, new { t.ClientId, t.DepartmentId, Subject = t.Subject.Length == 0 ? "(без темы)" : t.Subject, t.Priority, t.AssigneeId, t.Kind,
            t.Unverified, t.OpenedBy, t.IsAutomatic, t.LinkedTicketId, now }, tx, cancellationToken: ct));
        await EventAsync(conn, tx, id, now, actor, t.LinkedTicketId is { } linked ? $"opened (follows closed ticket #{linked})" : "opened", ct);
        return (await ByIdAsync(conn, tx, id, ct))!;
    }

    public static async Task<long> AddMessageAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ticketId, NewMessage m, DateTime now, CancellationToken ct)
    {
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into ticket_messages (ticket_id, kind, author_staff_id, from_address, from_name, subject, body_text, body_reply, body_html,
                                         message_id, in_reply_to, references_header, is_automatic, automatic_reason, flag, intake_id, created_at)
            values (@ticketId, @Kind, @AuthorStaffId, @FromAddress, @FromName, @Subject, @BodyText, @BodyReply, @BodyHtml,
                    @MessageId, @InReplyTo, @References, @IsAutomatic, @AutomaticReason, @Flag, @IntakeId, @now)
            returning id
            """, new
        {
            ticketId, m.Kind, m.AuthorStaffId, m.FromAddress, m.FromName, m.Subject, m.BodyText, m.BodyReply, m.BodyHtml, m.MessageId, m.InReplyTo,
            m.References, m.IsAutomatic, m.AutomaticReason, m.Flag, m.IntakeId, now,
        }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("update tickets set updated_at = @now where id = @ticketId", new { ticketId, now }, tx, cancellationToken: ct));
        return id;
    }

    /// <summary>Stores the attachments within the size limit; each refused one becomes a note on the ticket saying so.</summary>
    public static async Task<int> AddAttachmentsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ticketId, long messageId,
        IEnumerable<MailAttachment> attachments, long limit, DateTime now, CancellationToken ct)
    {
        var refused = 0;
        foreach (var a in attachments)
        {
            if (a.Size > limit)
            {
                refused++;
                await AddMessageAsync(conn, tx, ticketId, new NewMessage("system",
                    $"Вложение «{a.FileName}» ({a.Size:N0} байт) не принято: больше предела {limit:N0} байт. Исходное письмо сохранено целиком."), now, ct);
                continue;
            }
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into ticket_attachments (message_id, file_name, content_type, size, sha256, content)
                values (@messageId, @FileName, @ContentType, @Size, @sha, @Content)
                """, new { messageId, a.FileName, a.ContentType, a.Size, sha = Convert.ToHexStringLower(SHA256.HashData(a.Content)), a.Content },
                tx, cancellationToken: ct));
        }
        return refused;
    }

    public static Task AddParticipantsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ticketId, IEnumerable<string> addresses, DateTime now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            insert into ticket_participants (ticket_id, email, added_at)
            select @ticketId, e, @now from unnest(@emails) e
            on conflict (ticket_id, lower(email)) do nothing
            """, new { ticketId, emails = addresses.Where(a => a.Contains('@')).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(), now },
            tx, cancellationToken: ct));

    public static Task EventAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ticketId, DateTime at, string actor, string what, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("insert into ticket_events (ticket_id, at, actor, what) values (@ticketId, @at, @actor, @what)",
            new { ticketId, at, actor, what }, tx, cancellationToken: ct));

    public static async Task SetStatusAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TicketRow ticket, string status, DateTime now, string actor, CancellationToken ct)
    {
        if (ticket.Status == status) return;
        await conn.ExecuteAsync(new CommandDefinition("""
            update tickets set status = @status, updated_at = @now,
                closed_at = case when @status = 'closed' then @now else null end
            where id = @Id
            """, new { ticket.Id, status, now }, tx, cancellationToken: ct));
        await EventAsync(conn, tx, ticket.Id, now, actor, $"status {ticket.Status} → {status}", ct);
    }
}
