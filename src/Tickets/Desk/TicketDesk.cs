using BackOffice.Ledger;
using BackOffice.Tickets.Mail;
using BackOffice.Tickets.Outgoing;
using BackOffice.Tickets.Sla;
using BackOffice.Tickets.Threading;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Tickets.Desk;

public sealed record TicketSummary(int Number, string Subject, string Status, string Priority, string Department, string? Assignee,
    int? ClientId, string? Client, bool Unverified, DateTime UpdatedAt, DateTime? SlaDueAt, string? Sla, int? SlaPausedMinutes, int? SlaMinutesLeft);

/// <summary>A message of the thread; Html is the mail's HTML part sanitised again on the way out (whatever wrote it), or null.</summary>
public sealed record TicketMessageView(long Id, string Kind, string? FromAddress, string? Author, DateTime CreatedAt, string? Subject, string Text,
    string? Flag, bool IsAutomatic, IReadOnlyList<AttachmentView> Attachments, string? Html = null);

public sealed record AttachmentView(long Id, string FileName, string ContentType, long Size);

public sealed record AttachmentContent(string FileName, string ContentType, byte[] Content);

public sealed record TicketView(TicketSummary Ticket, string Kind, string? OpenedBy, int? LinkedTicket, DateTime CreatedAt, DateTime? FirstResponseAt,
    int? FirstResponseMinutes, DateTime? ResolvedAt, int? ResolutionMinutes, IReadOnlyList<string> Participants, IReadOnlyList<TicketMessageView> Messages,
    IReadOnlyList<string> History);

public sealed record StaffFile(string FileName, byte[] Content, string ContentType = "application/octet-stream");

/// <summary>What support staff do with tickets (the verbs and, later, the web pages call these).</summary>
public sealed class TicketDesk(NpgsqlDataSource db, IOptions<MailOptions> options, TimeProvider clock, SlaClock sla)
{
    public static readonly RefusalCode TicketMissing = new("ticket.missing");
    public static readonly RefusalCode ActiveStaffMissing = new("ticket.active-staff-missing");
    public static readonly RefusalCode AssigneeMissing = new("ticket.assignee-missing");
    public static readonly RefusalCode AttachmentMissing = new("ticket.attachment-missing");
    public static readonly RefusalCode AttachmentTooLarge = new("ticket.attachment-too-large");
    public static readonly RefusalCode ReplyEmpty = new("ticket.reply-empty");
    public static readonly RefusalCode NoteEmpty = new("ticket.note-empty");
    public static readonly RefusalCode InternalNoClient = new("ticket.internal-no-client");
    public static readonly RefusalCode NoClientAddress = new("ticket.no-client-address");
    public static readonly RefusalCode PriorityUnknown = new("ticket.priority-unknown");
    public static readonly RefusalCode AlreadyClosed = new("ticket.already-closed");
    public static readonly RefusalCode StatusNotSettable = new("ticket.status-not-settable");
    public static readonly RefusalCode SubjectMissing = new("ticket.subject-missing");
    MailOptions O => options.Value;
    TicketQueue Queue => new(db, clock, sla);
    public static readonly string[] Priorities = ["low", "medium", "high"];

    /// <summary>«Тикеты ожидают ответа» (the queue's awaiting filter); a manager id counts only his clients' tickets.</summary>
    public Task<int> AwaitingCountAsync(int? managerId = null, CancellationToken ct = default) =>
        Queue.CountAsync(new TicketFilter { Awaiting = true, ManagerId = managerId }, ct);

    public async Task<IReadOnlyList<TicketSummary>> ListAsync(string? status = null, bool breaching = false, int? clientId = null, CancellationToken ct = default) =>
        (await Queue.PageAsync(new TicketFilter { Status = status, Breaching = breaching, ClientId = clientId }, 1, int.MaxValue, ct)).Tickets;

    public async Task<TicketView> ShowAsync(int number, CancellationToken ct = default)
    {
        var summary = (await Queue.PageAsync(new TicketFilter { Number = number }, ct: ct)).Tickets.SingleOrDefault()
                      ?? throw new NotFound(TicketMissing, $"There is no ticket #{number}.");
        await using var conn = await db.OpenConnectionAsync(ct);
        var ticket = await TicketStore.ByNumberAsync(conn, null, number, ct) ?? throw new NotFound(TicketMissing, $"There is no ticket #{number}.");
        var extra = await conn.QuerySingleAsync<(string Kind, string? OpenedBy, int? Linked, DateTime CreatedAt, DateTime? FirstAt, int? FirstMin, DateTime? ResAt, int? ResMin)>(
            new CommandDefinition("""
                select t.kind, t.opened_by_address, l.number, t.created_at, t.first_response_at, t.first_response_minutes, t.resolved_at, t.resolution_minutes
                from tickets t left join tickets l on l.id = t.linked_ticket_id where t.id = @Id
                """, ticket, cancellationToken: ct));
        var attachments = (await conn.QueryAsync<(long MessageId, long Id, string FileName, string ContentType, long Size)>(new CommandDefinition("""
            select a.message_id, a.id, a.file_name, a.content_type, a.size from ticket_attachments a
            join ticket_messages m on m.id = a.message_id where m.ticket_id = @Id order by a.id
            """, ticket, cancellationToken: ct))).ToLookup(a => a.MessageId, a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size));
        var messages = (await conn.QueryAsync<(long Id, string Kind, string? FromAddress, string? Author, DateTime CreatedAt, string? Subject, string Text, string? Flag, bool IsAutomatic, string? Html)>(
            new CommandDefinition("""
                select m.id, m.kind, m.from_address, s.full_name, m.created_at, m.subject, m.body_text, m.flag, m.is_automatic, m.body_html
                from ticket_messages m left join staff s on s.id = m.author_staff_id where m.ticket_id = @Id order by m.id
                """, ticket, cancellationToken: ct)))
            .Select(m => new TicketMessageView(m.Id, m.Kind, m.FromAddress, m.Author, m.CreatedAt, m.Subject, m.Text, m.Flag, m.IsAutomatic, attachments[m.Id].ToList(),
                string.IsNullOrWhiteSpace(m.Html) ? null : HtmlText.Sanitize(m.Html)))
            .ToList();
        var participants = (await conn.QueryAsync<string>(new CommandDefinition(
            "select email from ticket_participants where ticket_id = @Id order by added_at, email", ticket, cancellationToken: ct))).ToList();
        var history = (await conn.QueryAsync<(DateTime At, string Actor, string What)>(new CommandDefinition(
            "select at, actor, what from ticket_events where ticket_id = @Id order by id", ticket, cancellationToken: ct)))
            .Select(h => $"{h.At:yyyy-MM-dd HH:mm} {h.Actor}: {h.What}").ToList();
        return new TicketView(summary, extra.Kind, extra.OpenedBy, extra.Linked, extra.CreatedAt, extra.FirstAt, extra.FirstMin, extra.ResAt, extra.ResMin,
            participants, messages, history);
    }

    /// <summary>An attachment of one of the ticket's messages (an id from another ticket is not found).</summary>
    public async Task<AttachmentContent> AttachmentAsync(int number, long attachmentId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<AttachmentContent>(new CommandDefinition("""
            select a.file_name, a.content_type, a.content from ticket_attachments a
            join ticket_messages m on m.id = a.message_id join tickets t on t.id = m.ticket_id
            where t.number = @number and a.id = @attachmentId
            """, new { number, attachmentId }, cancellationToken: ct))
            ?? throw new NotFound(AttachmentMissing, $"Ticket #{number} has no attachment {attachmentId}.");
    }

    /// <summary>A staff answer: stored on the ticket and queued to the client from the support address with the ticket tag
    /// in the subject and our signed Message-ID, In-Reply-To and References, so that the client's answer threads back.</summary>
    public async Task<string> ReplyAsync(int number, string by, string text, IReadOnlyList<StaffFile>? files = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidInput(ReplyEmpty, "text", "A reply needs a text.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (ticket, staff) = await LoadAsync(conn, tx, number, by, ct);
        var messageId = await AnswerAsync(conn, tx, ticket, staff, text, files ?? [], clock.GetUtcNow().UtcDateTime, ct);
        await tx.CommitAsync(ct);
        return messageId;
    }

    internal async Task<string> AnswerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TicketRow ticket, StaffRef staff, string text,
        IReadOnlyList<StaffFile> files, DateTime now, CancellationToken ct)
    {
        if (ticket.Kind == "internal") throw new InvalidInput(InternalNoClient, "ticket", $"Ticket #{ticket.Number} is internal: it has no client to answer; add a note.");
        var to = await ClientAddressAsync(conn, tx, ticket, ct)
                 ?? throw new InvalidInput(NoClientAddress, "ticket", $"Ticket #{ticket.Number} has no client address to answer to.");
        CheckSizes(files);
        var ids = await SignedMessageIds.LoadAsync(conn, tx, O.Domain, ct);
        var messageId = ids.New(ticket.Number);
        var chain = (await conn.QueryAsync<string>(new CommandDefinition(
            "select message_id from ticket_messages where ticket_id = @Id and message_id is not null and kind in ('client', 'staff') order by id",
            ticket, tx, cancellationToken: ct))).ToList();
        var lastClient = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select message_id from ticket_messages where ticket_id = @Id and kind = 'client' and message_id is not null order by id desc limit 1",
            ticket, tx, cancellationToken: ct));
        var subject = SubjectWithTag(ticket);
        var rowId = await TicketStore.AddMessageAsync(conn, tx, ticket.Id, new NewMessage("staff", text, O.Address, staff.FullName, subject, text,
            MessageId: messageId, InReplyTo: lastClient, AuthorStaffId: staff.Id), now, ct);
        var attachmentIds = await StoreFilesAsync(conn, tx, rowId, files, ct);
        await OutgoingQueue.EnqueueAsync(conn, tx, new QueuedMail("ticket_reply", to, subject, text, messageId)
        {
            TicketId = ticket.Id, ClientId = ticket.ClientId, InReplyTo = lastClient,
            References = chain.Count == 0 ? null : string.Join(' ', chain.TakeLast(10).Select(r => $"<{r}>")),
            AttachmentIds = attachmentIds,
        }, now, ct);
        await TicketStore.SetStatusAsync(conn, tx, ticket, "answered", now, staff.Login, ct);
        await sla.StaffAnsweredAsync(conn, tx, ticket.Id, now, ct);
        return messageId;
    }

    public async Task NoteAsync(int number, string by, string text, IReadOnlyList<StaffFile>? files = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidInput(NoteEmpty, "text", "A note needs a text.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (ticket, staff) = await LoadAsync(conn, tx, number, by, ct);
        CheckSizes(files ?? []);
        var id = await TicketStore.AddMessageAsync(conn, tx, ticket.Id, new NewMessage("note", text, AuthorStaffId: staff.Id), clock.GetUtcNow().UtcDateTime, ct);
        await StoreFilesAsync(conn, tx, id, files ?? [], ct);
        await tx.CommitAsync(ct);
    }

    public Task AssignAsync(int number, string by, string assignee, CancellationToken ct = default) => ChangeAsync(number, by, ct, async (conn, tx, ticket, staff, now) =>
    {
        var target = await StaffByAsync(conn, tx, assignee, ct) ?? throw new NotFound(AssigneeMissing, $"There is no active staff member '{assignee}' (give a login or an id).");
        await conn.ExecuteAsync(new CommandDefinition("update tickets set assignee_id = @target, updated_at = @now where id = @Id",
            new { target = target.Id, now, ticket.Id }, tx, cancellationToken: ct));
        return $"assigned to {target.FullName}";
    });

    public Task MoveAsync(int number, string by, string department, CancellationToken ct = default) => ChangeAsync(number, by, ct, async (conn, tx, ticket, staff, now) =>
    {
        var target = await conn.QuerySingleOrDefaultAsync<(int Id, string Name)?>(new CommandDefinition(
            "select id, name from departments where lower(name) = lower(@department) or id::text = @department", new { department }, tx, cancellationToken: ct))
            ?? throw new NotFound(Refusals.DepartmentMissing, $"There is no department '{department}'.");
        await conn.ExecuteAsync(new CommandDefinition("update tickets set department_id = @target, updated_at = @now where id = @Id",
            new { target = target.Id, now, ticket.Id }, tx, cancellationToken: ct));
        return $"moved to {target.Name}";
    });

    public Task PriorityAsync(int number, string by, string priority, CancellationToken ct = default)
    {
        if (!Priorities.Contains(priority)) throw new InvalidInput(PriorityUnknown, "priority", $"'{priority}' is not a priority: low, medium or high.");
        return ChangeAsync(number, by, ct, async (conn, tx, ticket, staff, now) =>
        {
            await conn.ExecuteAsync(new CommandDefinition("update tickets set priority = @priority, updated_at = @now where id = @Id",
                new { priority, now, ticket.Id }, tx, cancellationToken: ct));
            return $"priority {ticket.Priority} → {priority}";
        });
    }

    public Task CloseAsync(int number, string by, CancellationToken ct = default) => ChangeAsync(number, by, ct, async (conn, tx, ticket, staff, now) =>
    {
        if (ticket.Status == "closed") throw new Conflict(AlreadyClosed, $"Ticket #{number} is already closed.");
        await TicketStore.SetStatusAsync(conn, tx, ticket, "closed", now, staff.Login, ct);
        await sla.ClosedAsync(conn, tx, ticket.Id, now, ct);
        return null;
    });

    /// <summary>Reopens a ticket, or sets another working status (open, in_progress, on_hold — on hold pauses the SLA clock).</summary>
    public Task OpenAsync(int number, string by, string status = "open", CancellationToken ct = default)
    {
        if (status is not ("open" or "in_progress" or "on_hold")) throw new InvalidInput(StatusNotSettable, "status", $"'{status}' is not open, in_progress or on_hold.");
        return ChangeAsync(number, by, ct, async (conn, tx, ticket, staff, now) =>
        {
            await TicketStore.SetStatusAsync(conn, tx, ticket, status, now, staff.Login, ct);
            await sla.StatusChangedAsync(conn, tx, ticket.Id, status, now, ct);
            return null;
        });
    }

    /// <summary>A ticket staff open themselves: to a client (the text goes to the client as the first answer) or internal to a department.</summary>
    public async Task<int> OpenTicketAsync(string by, string subject, string text, int? clientId, string? department, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(subject)) throw new InvalidInput(SubjectMissing, "subject", "A ticket needs a subject.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var staff = await StaffByAsync(conn, tx, by, ct) ?? throw new NotFound(ActiveStaffMissing, $"There is no active staff member '{by}' (give a login or an id with --by).");
        var now = clock.GetUtcNow().UtcDateTime;
        if (clientId is { } c && !await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from clients where id = @c)", new { c }, tx, cancellationToken: ct)))
            throw new NotFound(Refusals.ClientMissing, $"There is no client #{c}.");
        var departmentId = department is null ? await DepartmentIdAsync(conn, tx, O.DefaultDepartment, ct) : await DepartmentIdAsync(conn, tx, department, ct);
        var ticket = await TicketStore.CreateAsync(conn, tx, new NewTicket(subject.Trim(), departmentId, clientId, clientId is null ? "internal" : "client", false, null, false, null),
            now, staff.Login, ct);
        if (clientId is null)
            await TicketStore.AddMessageAsync(conn, tx, ticket.Id, new NewMessage("note", text, AuthorStaffId: staff.Id, Subject: subject), now, ct);
        else
            await AnswerAsync(conn, tx, ticket, staff, text, [], now, ct);
        await tx.CommitAsync(ct);
        return ticket.Number;
    }

    internal sealed record StaffRef(int Id, string Login, string FullName, string? Email, int? DepartmentId);

    internal static Task<StaffRef?> StaffByAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string loginOrId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<StaffRef>(new CommandDefinition(
            "select id, login, full_name, email, department_id from staff where active and (login = @loginOrId or id::text = @loginOrId)",
            new { loginOrId }, tx, cancellationToken: ct));

    static async Task<int> DepartmentIdAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string name, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<int?>(new CommandDefinition("select id from departments where lower(name) = lower(@name) or id::text = @name",
            new { name }, tx, cancellationToken: ct)) ?? throw new NotFound(Refusals.DepartmentMissing, $"There is no department '{name}'.");

    async Task<(TicketRow, StaffRef)> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int number, string by, CancellationToken ct)
    {
        var staff = await StaffByAsync(conn, tx, by, ct) ?? throw new NotFound(ActiveStaffMissing, $"There is no active staff member '{by}' (give a login or an id with --by).");
        var ticket = await TicketStore.ByNumberAsync(conn, tx, number, ct, forUpdate: true) ?? throw new NotFound(TicketMissing, $"There is no ticket #{number}.");
        return (ticket, staff);
    }

    async Task ChangeAsync(int number, string by, CancellationToken ct, Func<NpgsqlConnection, NpgsqlTransaction, TicketRow, StaffRef, DateTime, Task<string?>> change)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (ticket, staff) = await LoadAsync(conn, tx, number, by, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (await change(conn, tx, ticket, staff, now) is { } what) await TicketStore.EventAsync(conn, tx, ticket.Id, now, staff.Login, what, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Where an answer goes: the address of the client's last message, else the client's registered email.</summary>
    static Task<string?> ClientAddressAsync(NpgsqlConnection conn, NpgsqlTransaction tx, TicketRow ticket, CancellationToken ct) =>
        conn.ExecuteScalarAsync<string?>(new CommandDefinition("""
            select coalesce(
                (select from_address from ticket_messages where ticket_id = @Id and kind = 'client' and not is_automatic and from_address like '%@%' order by id desc limit 1),
                (select opened_by_address from tickets where id = @Id),
                (select email from clients where id = @ClientId))
            """, ticket, tx, cancellationToken: ct));

    void CheckSizes(IReadOnlyList<StaffFile> files)
    {
        foreach (var f in files)
            if (f.Content.LongLength > O.MaxAttachmentBytes)
                throw new InvalidInput(AttachmentTooLarge, "attach", $"{f.FileName} is {f.Content.LongLength:N0} bytes, more than the limit of {O.MaxAttachmentBytes:N0} ({MailOptions.Section}:MaxAttachmentBytes).");
    }

    static async Task<long[]> StoreFilesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long messageId, IReadOnlyList<StaffFile> files, CancellationToken ct)
    {
        var ids = new List<long>();
        foreach (var f in files)
            ids.Add(await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into ticket_attachments (message_id, file_name, content_type, size, sha256, content)
                values (@messageId, @FileName, @ContentType, @size, @sha, @Content) returning id
                """, new { messageId, f.FileName, f.ContentType, size = f.Content.LongLength,
                sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.Content)), f.Content }, tx, cancellationToken: ct)));
        return ids.ToArray();
    }

    static string SubjectWithTag(TicketRow ticket)
    {
        var tag = TicketThreader.TagFor(ticket.Number);
        var subject = ticket.Subject.Contains(tag, StringComparison.Ordinal) ? ticket.Subject : $"{ticket.Subject} {tag}";
        return subject.StartsWith("Re:", StringComparison.OrdinalIgnoreCase) ? subject : "Re: " + subject;
    }
}
