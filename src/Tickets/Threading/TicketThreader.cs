using System.Text.RegularExpressions;
using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Mail;
using Dapper;
using Npgsql;

namespace BackOffice.Tickets.Threading;

public enum ThreadedBy { SignedMessageId, StoredMessageId, SubjectTag, None }

/// <summary>ViaNotification: the reference was a notification we sent to staff (only staff may answer one).</summary>
public sealed record ThreadMatch(TicketRow? Ticket, ThreadedBy By, bool ViaNotification = false);

/// <summary>
/// Which ticket an incoming message belongs to, first hit wins: our signed Message-ID in In-Reply-To/References; any
/// Message-ID we stored there; the subject tag [#123456] (or WHMCS's [Ticket ID: 123456]) — only when the sender is that ticket's client or one of its
/// participants (a stranger's tag is a forgery: zammad#5064); otherwise none. Never by subject text alone.
/// </summary>
public static partial class TicketThreader
{
    // "[Ticket ID: 482913]" is WHMCS's tag: tickets imported from it keep their number, so the clients' answers to old mails thread.
    [GeneratedRegex(@"\[(?:#|Ticket ID: ?)(\d{4,9})\]")]
    private static partial Regex Tag();

    public static string TagFor(int number) => $"[#{number}]";

    public static async Task<ThreadMatch> FindAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedMail mail, SignedMessageIds ids, CancellationToken ct)
    {
        // Most recent reference first (RFC 5322: References lists the oldest first).
        var referenced = new List<string>();
        if (mail.InReplyTo is { } irt) referenced.Add(irt);
        referenced.AddRange(Enumerable.Reverse(mail.References));
        referenced = referenced.Select(r => r.Trim('<', '>', ' ')).Where(r => r.Length > 0).Distinct().ToList();

        foreach (var id in referenced)
            if (ids.TicketOf(id) is { } number && await TicketStore.ByNumberAsync(conn, tx, number, ct, forUpdate: true) is { } signed)
                return new ThreadMatch(signed, ThreadedBy.SignedMessageId, ids.IsNotification(id));

        if (referenced.Count > 0)
        {
            var ticketId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
                select m.ticket_id from ticket_messages m
                where m.message_id = any(@referenced)
                order by array_position(@referenced, m.message_id), m.id desc
                limit 1
                """, new { referenced = referenced.ToArray() }, tx, cancellationToken: ct));
            if (ticketId is { } tid && await TicketStore.ByIdAsync(conn, tx, tid, ct, forUpdate: true) is { } stored)
                return new ThreadMatch(stored, ThreadedBy.StoredMessageId);
        }

        if (mail.From is { } from)
            foreach (Match m in Tag().Matches(mail.Subject))
            {
                if (!int.TryParse(m.Groups[1].Value, out var number)) continue;
                var ticket = await TicketStore.ByNumberAsync(conn, tx, number, ct, forUpdate: true);
                if (ticket is not null && await IsOfTicketAsync(conn, tx, ticket, from, ct))
                    return new ThreadMatch(ticket, ThreadedBy.SubjectTag);
            }
        return new ThreadMatch(null, ThreadedBy.None);
    }

    /// <summary>The ticket's client (registered email or a contact's) or one of its participants.</summary>
    static Task<bool> IsOfTicketAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TicketRow ticket, string address, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            select exists (select 1 from clients c where c.id = @ClientId and lower(c.email) = lower(@address))
                or exists (select 1 from client_contacts cc where cc.client_id = @ClientId and lower(cc.email) = lower(@address))
                or exists (select 1 from ticket_participants p where p.ticket_id = @Id and lower(p.email) = lower(@address))
            """, new { ticket.ClientId, ticket.Id, address }, tx, cancellationToken: ct));

    /// <summary>The client an address belongs to: the registered email first, then a contact's; case-insensitive.</summary>
    public static Task<int?> ClientOfAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string? address, CancellationToken ct) =>
        address is null || !address.Contains('@')
            ? Task.FromResult<int?>(null)
            : conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
                select coalesce(
                    (select id from clients where lower(email) = lower(@address) limit 1),
                    (select client_id from client_contacts where lower(email) = lower(@address) order by id limit 1))
                """, new { address = address.Trim() }, tx, cancellationToken: ct));

    public static Task<int?> StaffOfAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string? address, CancellationToken ct) =>
        address is null
            ? Task.FromResult<int?>(null)
            : conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                "select id from staff where active and lower(email) = lower(@address)", new { address = address.Trim() }, tx, cancellationToken: ct));
}
