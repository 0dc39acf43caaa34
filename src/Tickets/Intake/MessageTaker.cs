using System.Security.Cryptography;
using System.Text;
using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Mail;
using BackOffice.Tickets.Outgoing;
using BackOffice.Tickets.Threading;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Tickets.Intake;

/// <summary>One message as fetched: where it sits (folder generation and UID) and its bytes.</summary>
public sealed record IncomingMail(string Mailbox, long UidValidity, long Uid, byte[] Raw);

public enum TakeOutcome { NewTicket, Reply, Reopened, LinkedNewTicket, AttachedToClosed, StaffAnswer, StaffNote, Ignored, Duplicate }

public sealed record TakeResult(TakeOutcome Outcome, long? TicketId, int? TicketNumber, string? Note = null);

/// <summary>
/// Takes one message in one transaction: raw bytes, ticket (new or threaded), message, attachments, participants and the
/// mailbox checkpoint commit together, so the message may be moved to Processed only after all of it is stored.
/// The same UID, or the same message again (Message-ID and content; the bytes' hash without a Message-ID), is a no-op.
/// </summary>
public sealed class MessageTaker(NpgsqlDataSource db, IOptions<MailOptions> options, TimeProvider clock, TicketMail ticketMail)
{
    MailOptions O => options.Value;

    public async Task<TakeResult> TakeAsync(IncomingMail incoming, CancellationToken ct)
    {
        var mail = MailParser.Parse(incoming.Raw);
        var now = clock.GetUtcNow().UtcDateTime;
        var identity = mail.MessageId is { } mid ? $"mid:{mid}|{Fingerprint(mail)}" : $"raw:{Convert.ToHexStringLower(SHA256.HashData(incoming.Raw))}";

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var intakeId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            insert into mail_intake (mailbox, uid_validity, uid, message_id, identity_key, raw, size, received_at)
            values (@Mailbox, @UidValidity, @Uid, @mid, @identity, @Raw, @size, @now)
            on conflict do nothing
            returning id
            """, new { incoming.Mailbox, incoming.UidValidity, incoming.Uid, mid = mail.MessageId, identity, incoming.Raw, size = incoming.Raw.Length, now },
            tx, cancellationToken: ct));
        if (intakeId is null)
        {
            await CheckpointAsync(conn, tx, incoming, now, ct);
            await tx.CommitAsync(ct);
            return new TakeResult(TakeOutcome.Duplicate, null, null, "taken before");
        }

        string? flag = null;
        if (mail.MessageId is not null)
        {
            var earlier = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select min(id) from mail_intake where message_id = @MessageId and id <> @intakeId", new { mail.MessageId, intakeId }, tx, cancellationToken: ct));
            if (earlier is { } e) flag = $"the same Message-ID as message #{e} taken earlier, with different content";
        }

        var result = await RouteAsync(conn, tx, mail, intakeId.Value, flag, now, ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update mail_intake set ticket_id = @TicketId, outcome = @outcome, note = @Note where id = @intakeId",
            new { result.TicketId, outcome = result.Outcome.ToString(), result.Note, intakeId }, tx, cancellationToken: ct));
        await CheckpointAsync(conn, tx, incoming, now, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    async Task<TakeResult> RouteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedMail mail, long intakeId, string? flag, DateTime now, CancellationToken ct)
    {
        var ids = await SignedMessageIds.LoadAsync(conn, tx, O.Domain, ct);
        var match = await TicketThreader.FindAsync(conn, tx, mail, ids, ct);
        var ticket = match.Ticket;
        var actor = mail.From ?? "mail";

        if (ticket is not null && await TicketThreader.StaffOfAsync(conn, tx, mail.From, ct) is { } staffId
            && match.By is ThreadedBy.SignedMessageId or ThreadedBy.StoredMessageId)
            return await ticketMail.StaffReplyAsync(conn, tx, ticket, staffId, mail, intakeId, now, ct);

        if (match.ViaNotification)
            return new TakeResult(TakeOutcome.Ignored, ticket!.Id, ticket.Number,
                $"a reply to a staff notification from {mail.From ?? "an unknown sender"}, who is not staff: nothing posted (the raw message is kept)");

        if (IsOurOwn(mail.From))
            return new TakeResult(TakeOutcome.Ignored, ticket?.Id, ticket?.Number, "sent from our own address: a loop, not stored as a message");

        var outcome = TakeOutcome.Reply;
        long? linked = null;
        if (ticket is { Status: "closed" })
        {
            if (mail.IsAutomatic) outcome = TakeOutcome.AttachedToClosed;
            else if (ticket.ClosedAt is { } closed && closed < now.AddDays(-O.ReopenDays))
            {
                linked = ticket.Id;
                ticket = null;
            }
            else outcome = TakeOutcome.Reopened;
        }

        var clientId = await TicketThreader.ClientOfAsync(conn, tx, mail.From, ct);
        if (ticket is null)
        {
            var department = await DepartmentForAsync(conn, tx, mail, ct);
            ticket = await TicketStore.CreateAsync(conn, tx, new NewTicket(mail.Subject, department, clientId, "client", clientId is null, mail.From,
                mail.IsAutomatic, linked), now, actor, ct);
            await TicketStore.AddParticipantsAsync(conn, tx, ticket.Id, new[] { mail.From }.Concat(mail.Cc).Where(a => a is not null && !IsOurOwn(a))!, now, ct);
            outcome = linked is null ? TakeOutcome.NewTicket : TakeOutcome.LinkedNewTicket;
        }

        var messageId = await TicketStore.AddMessageAsync(conn, tx, ticket.Id, new NewMessage("client", mail.Text, mail.From, mail.FromName, mail.Subject,
            mail.Reply, mail.Html, mail.MessageId, mail.InReplyTo, mail.References.Count > 0 ? string.Join(' ', mail.References.Select(r => $"<{r}>")) : null,
            mail.IsAutomatic, mail.AutomaticReason, flag, intakeId), now, ct);
        await TicketStore.AddAttachmentsAsync(conn, tx, ticket.Id, messageId, mail.Attachments, O.MaxAttachmentBytes, now, ct);

        if (!mail.IsAutomatic && outcome is TakeOutcome.Reply or TakeOutcome.Reopened)
        {
            await TicketStore.AddParticipantsAsync(conn, tx, ticket.Id, mail.Cc.Where(a => !IsOurOwn(a)), now, ct);
            await TicketStore.SetStatusAsync(conn, tx, ticket, "customer_reply", now, actor, ct);
        }
        await ticketMail.ClientMessageAsync(conn, tx, ticket, mail, outcome, now, ct);
        return new TakeResult(outcome, ticket.Id, ticket.Number, flag);
    }

    bool IsOurOwn(string? address) => address is not null && string.Equals(address, O.Address, StringComparison.OrdinalIgnoreCase);

    /// <summary>The department whose own address the mail was sent to; else the configured default (made if missing).</summary>
    async Task<int> DepartmentForAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedMail mail, CancellationToken ct)
    {
        var addressed = mail.To.Concat(mail.Cc).ToArray();
        return await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                   "select id from departments where lower(email) = any(@addressed) order by id limit 1",
                   new { addressed = addressed.Select(a => a.ToLowerInvariant()).ToArray() }, tx, cancellationToken: ct))
               ?? await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
                   with made as (insert into departments (name) values (@name) on conflict (name) do nothing returning id)
                   select id from made union all select id from departments where name = @name limit 1
                   """, new { name = O.DefaultDepartment }, tx, cancellationToken: ct));
    }

    static Task CheckpointAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IncomingMail m, DateTime now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            insert into mail_checkpoints (mailbox, uid_validity, last_uid, updated_at) values (@Mailbox, @UidValidity, @Uid, @now)
            on conflict (mailbox) do update set
                last_uid = case when mail_checkpoints.uid_validity = excluded.uid_validity
                                then greatest(mail_checkpoints.last_uid, excluded.last_uid) else excluded.last_uid end,
                uid_validity = excluded.uid_validity, updated_at = excluded.updated_at
            """, new { m.Mailbox, m.UidValidity, m.Uid, now }, tx, cancellationToken: ct));

    /// <summary>What makes two messages with one Message-ID the same message: sender, subject, text and attachments — not
    /// the transport headers that differ between two deliveries of it.</summary>
    static string Fingerprint(ParsedMail m)
    {
        var sb = new StringBuilder().Append(m.From).Append('\n').Append(m.Subject).Append('\n').Append(m.Text).Append('\n').Append(m.Html);
        foreach (var a in m.Attachments) sb.Append('\n').Append(a.FileName).Append(':').Append(Convert.ToHexStringLower(SHA256.HashData(a.Content)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }
}
