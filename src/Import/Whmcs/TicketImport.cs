using System.Globalization;
using Dapper;
using MySqlConnector;
using Npgsql;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Tickets with their opening post, replies and private notes. The ticket keeps WHMCS's public number (tbltickets.tid, the
/// "[Ticket ID: 482913]" of its mails) when it is numeric, so that a client's answer to an old ticket threads onto it; a ticket
/// from an address with no client is kept, unverified, with that address as a participant.
/// </summary>
static class TicketImport
{
    sealed record Ticket(long Id, string Tid, long DepartmentId, long ClientId, string Name, string Email, DateTime? Date, string Title,
        string Message, string Status, string Urgency, string Admin, DateTime? LastReply, long Flag);

    sealed record Post(long Id, long TicketId, long ClientId, string Name, string Email, DateTime? Date, string Message, string Admin, bool IsNote);

    public static async Task RunAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var links = await run.LinksAsync("ticket");
        var tickets = new Dictionary<long, long>();
        foreach (var (w, l) in links) tickets[w] = l.LocalId;
        var count = run.Count("ticket");
        var since = cx.Since?.ToDateTime(TimeOnly.MinValue);
        // The ledger's ticket numbers, so that a WHMCS number another ticket has is seen without asking row by row.
        var numbers = (await run.ReadAsync(async (c, tx) => await c.QueryAsync<long>(new CommandDefinition(
            "select number from tickets", transaction: tx, cancellationToken: ct)))).ToHashSet();
        long after = 0;
        while (true)
        {
            var rows = await ListAsync(src, """
                select id, tid, did, userid, name, email, date, title, message, status, urgency, admin, lastreply, flag from tbltickets
                where id > @after and (@since is null or date >= @since or lastreply >= @since) order by id limit @n
                """, r => new Ticket(Long(r, 0), Text(r, 1), Long(r, 2), Long(r, 3), Text(r, 4), Text(r, 5), Time(r, 6), Text(r, 7), Text(r, 8),
                Text(r, 9), Text(r, 10), Text(r, 11), Time(r, 12), Long(r, 13)), ct, ("@after", after), ("@since", since), ("@n", chunkSize));
            if (rows.Count == 0) break;
            after = rows[^1].Id;
            var changed = new List<(Ticket Row, byte[] Hash, long? Existing)>();
            var problems = new List<ImportProblem>();
            foreach (var t in rows)
            {
                count.Read++;
                if (!cx.Departments.ContainsKey(t.DepartmentId))
                {
                    count.NotTaken++;
                    problems.Add(new ImportProblem("ticket", t.Id, "department_missing", false, $"ticket {t.Tid} (#{t.Id}): its department #{t.DepartmentId} is not in WHMCS"));
                    continue;
                }
                ImportRun.Queue(links, t.Id, t, changed, count);
            }
            if (changed.Count == 0 && problems.Count == 0)
            {
                run.Report();
                continue;
            }
            await run.ChunkAsync(async (c, tx) =>
            {
                var saved = new List<(long, long, byte[])>();
                var posts = new List<(long, long, byte[])>();
                foreach (var (t, hash, existing) in changed)
                {
                    var id = await WriteAsync(c, tx, t, existing, cx, problems, numbers, posts, ct);
                    tickets[t.Id] = id;
                    saved.Add((t.Id, id, hash));
                    if (existing is null) count.Added++; else count.Updated++;
                }
                await run.SaveLinksAsync(c, tx, "ticket", saved);
                await run.SaveLinksAsync(c, tx, "ticket_post", posts);
                await run.SaveProblemsAsync(c, tx, "ticket", [.. changed.Select(x => x.Row.Id), .. problems.Select(p => p.WhmcsId)], problems);
                await c.ExecuteAsync(new CommandDefinition(
                    "select setval('ticket_numbers', greatest(100000, coalesce((select max(number) from tickets), 0) + 1), false)",
                    transaction: tx, cancellationToken: ct));
            });
        }

        var replies = await ListAsync(src, """
            select id, tid, userid, name, email, date, message, admin from tblticketreplies where @since is null or date >= @since order by id
            """, r => new Post(Long(r, 0), Long(r, 1), Long(r, 2), Text(r, 3), Text(r, 4), Time(r, 5), Text(r, 6), Text(r, 7), false), ct, ("@since", since));
        await PostsAsync(run, "ticket_reply", replies, tickets, cx, chunkSize);
        var notes = await ListAsync(src, """
            select id, ticketid, 0, admin, '', date, message, admin from tblticketnotes where @since is null or date >= @since order by id
            """, r => new Post(Long(r, 0), Long(r, 1), 0, Text(r, 3), "", Time(r, 5), Text(r, 6), Text(r, 7), true), ct, ("@since", since));
        await PostsAsync(run, "ticket_note", notes, tickets, cx, chunkSize);
    }

    static string Status(string whmcs) => whmcs switch
    {
        "Open" => "open",
        "Answered" => "answered",
        "Customer-Reply" => "customer_reply",
        "On Hold" => "on_hold",
        "In Progress" => "in_progress",
        "Closed" => "closed",
        _ => "",
    };

    static async Task<long> WriteAsync(NpgsqlConnection c, NpgsqlTransaction tx, Ticket t, long? existing, ImportContext cx, List<ImportProblem> problems,
        HashSet<long> numbers, List<(long, long, byte[])> posts, CancellationToken ct)
    {
        var status = Status(t.Status);
        if (status.Length == 0)
        {
            problems.Add(new ImportProblem("ticket", t.Id, "status_unknown", true, $"ticket {t.Tid}: status '{t.Status}' is not one BackOffice has; imported as open"));
            status = "open";
        }
        int? client = t.ClientId > 0 && cx.Clients.ContainsKey(t.ClientId) ? (int)t.ClientId : null;
        var address = client is { } cl ? cx.Clients[cl].Email : (t.Email.Length > 0 ? t.Email : null);
        if (client is null)
            problems.Add(new ImportProblem("ticket", t.Id, "no_client", true,
                $"ticket {t.Tid}: from {(address ?? "no address")}{(t.ClientId > 0 ? $" (client #{t.ClientId} is not in WHMCS)" : "")}, which is no client's; imported unverified"));
        int? number = int.TryParse(t.Tid, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
        if (number is { } wanted && existing is null && numbers.Contains(wanted))
        {
            problems.Add(new ImportProblem("ticket", t.Id, "number_taken", true, $"ticket {t.Tid}: number {wanted} is another ticket's here; given a new number, so its old mails will not thread"));
            number = null;
        }
        else if (number is null)
            problems.Add(new ImportProblem("ticket", t.Id, "number_not_numeric", true, $"ticket {t.Tid}: its number is not numeric; given a new number, so its old mails will not thread"));
        long? assignee = t.Flag > 0 && cx.Staff.TryGetValue(t.Flag, out var s) ? s : null;
        var created = t.Date is { } d ? ImportContext.Utc(d) : DateTime.UtcNow;
        var updated = t.LastReply is { } lr ? ImportContext.Utc(lr) : created;
        var args = new
        {
            number, client, department = cx.Departments[t.DepartmentId], subject = t.Title.Length > 0 ? t.Title : "(без темы)", status,
            priority = t.Urgency.ToLowerInvariant() is "low" or "medium" or "high" ? t.Urgency.ToLowerInvariant() : "medium",
            assignee, created, updated, unverified = client is null, address, closed = status == "closed" ? updated : (DateTime?)null, existing,
        };
        // The opening post lives only in tbltickets.message: it becomes the ticket's first message.
        var staff = t.Admin.Length > 0 && cx.StaffByName.TryGetValue(t.Admin, out var a) ? a : (long?)null;
        var opening = new
        {
            kind = t.Admin.Length > 0 ? "staff" : "client", staff, from = t.Admin.Length > 0 ? null : address,
            name = t.Admin.Length > 0 ? t.Admin : (t.Name.Length > 0 ? t.Name : null), body = t.Message,
        };
        if (existing is null)
        {
            // A new ticket, its participant and its opening post in one round trip.
            var (id, taken, post) = await c.QuerySingleAsync<(long, long, long)>(new CommandDefinition("""
                with t as (
                    insert into tickets (number, client_id, department_id, subject, status, priority, assignee_id, created_at, updated_at, unverified,
                        opened_by_address, closed_at)
                    values (coalesce(@number, nextval('ticket_numbers')), @client, @department, @subject, @status, @priority, @assignee, @created, @updated,
                        @unverified, @address, @closed)
                    returning id, number),
                p as (
                    insert into ticket_participants (ticket_id, email, added_at) select id, @address, @created from t where @address is not null
                    on conflict do nothing),
                m as (
                    insert into ticket_messages (ticket_id, kind, author_staff_id, from_address, from_name, subject, body_text, created_at)
                    select id, @kind, @staff, @from, @name, @subject, @body, @created from t returning id)
                select t.id, t.number, m.id from t, m
                """, new
            {
                args.number, args.client, args.department, args.subject, args.status, args.priority, args.assignee, args.created, args.updated,
                args.unverified, args.address, args.closed, opening.kind, opening.staff, opening.from, opening.name, opening.body,
            }, tx, cancellationToken: ct));
            numbers.Add(taken);
            posts.Add((t.Id, post, [0]));
            return id;
        }
        await c.ExecuteAsync(new CommandDefinition("""
            update tickets set client_id = @client, department_id = @department, subject = @subject, status = @status, priority = @priority,
                assignee_id = @assignee, updated_at = @updated, unverified = @unverified, opened_by_address = @address, closed_at = @closed
            where id = @existing
            """, args, tx, cancellationToken: ct));
        if (address is not null)
            await c.ExecuteAsync(new CommandDefinition("""
                insert into ticket_participants (ticket_id, email, added_at) values (@existing, @address, @created) on conflict do nothing
                """, new { existing, address, created }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            update ticket_messages set kind = @kind, author_staff_id = @staff, from_address = @from, from_name = @name, subject = @subject, body_text = @body, created_at = @created
            where id = (select local_id from whmcs_links where kind = 'ticket_post' and whmcs_id = @whmcsId)
            """, new { opening.kind, opening.staff, opening.from, opening.name, args.subject, opening.body, created, whmcsId = t.Id }, tx, cancellationToken: ct));
        return existing.Value;
    }

    static async Task PostsAsync(ImportRun run, string kind, List<Post> posts, Dictionary<long, long> tickets, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var links = await run.LinksAsync(kind);
        var count = run.Count(kind);
        foreach (var chunk in posts.Chunk(chunkSize))
        {
            var changed = new List<(Post Row, byte[] Hash, long? Existing)>();
            var problems = new List<ImportProblem>();
            foreach (var p in chunk)
            {
                count.Read++;
                if (!tickets.ContainsKey(p.TicketId))
                {
                    count.NotTaken++;
                    problems.Add(new ImportProblem(kind, p.Id, "ticket_missing", false, $"{kind} #{p.Id}: its ticket #{p.TicketId} was not taken"));
                    continue;
                }
                ImportRun.Queue(links, p.Id, p, changed, count);
            }
            if (changed.Count == 0 && problems.Count == 0)
            {
                run.Report();
                continue;
            }
            await run.ChunkAsync(async (c, tx) =>
            {
                var fresh = await run.NewIdsAsync(c, tx, "ticket_messages", changed.Count(x => x.Existing is null));
                var saved = new List<(long, long, byte[])>();
                var rows = new List<(long Id, bool New, long Ticket, string Kind, long? Staff, string? From, string? Name, string Body, DateTime Created)>();
                var k = 0;
                foreach (var (p, hash, existing) in changed)
                {
                    var byStaff = p.IsNote || p.Admin.Length > 0;
                    var id = existing ?? fresh[k++];
                    rows.Add((id, existing is null, tickets[p.TicketId], p.IsNote ? "note" : byStaff ? "staff" : "client",
                        byStaff && cx.StaffByName.TryGetValue(p.Admin, out var s) ? s : null,
                        byStaff ? null : (p.ClientId > 0 && cx.Clients.TryGetValue(p.ClientId, out var cl) ? cl.Email : (p.Email.Length > 0 ? p.Email : null)),
                        byStaff ? p.Admin : (p.Name.Length > 0 ? p.Name : null), p.Message, p.Date is { } d ? ImportContext.Utc(d) : DateTime.UtcNow));
                    saved.Add((p.Id, id, hash));
                    if (existing is null) count.Added++; else count.Updated++;
                }
                // One statement per chunk for the new posts and one for the changed: a quarter of a million replies one by one were minutes.
                foreach (var (batch, sql) in new[]
                {
                    (rows.Where(r => r.New).ToList(), """
                        insert into ticket_messages (id, ticket_id, kind, author_staff_id, from_address, from_name, body_text, created_at)
                        select * from unnest(@ids, @tickets, @kinds, @staff, @froms, @names, @bodies, @created)
                        """),
                    (rows.Where(r => !r.New).ToList(), """
                        update ticket_messages m set kind = x.kind, author_staff_id = x.staff, from_address = x.from_address, from_name = x.name,
                            body_text = x.body, created_at = x.created
                        from unnest(@ids, @tickets, @kinds, @staff, @froms, @names, @bodies, @created)
                            as x(id, ticket, kind, staff, from_address, name, body, created)
                        where m.id = x.id
                        """),
                })
                {
                    if (batch.Count == 0) continue;
                    await c.ExecuteAsync(new CommandDefinition(sql, new
                    {
                        ids = batch.Select(r => r.Id).ToArray(), tickets = batch.Select(r => r.Ticket).ToArray(), kinds = batch.Select(r => r.Kind).ToArray(),
                        staff = batch.Select(r => r.Staff).ToArray(), froms = batch.Select(r => r.From).ToArray(), names = batch.Select(r => r.Name).ToArray(),
                        bodies = batch.Select(r => r.Body).ToArray(), created = batch.Select(r => r.Created).ToArray(),
                    }, tx, cancellationToken: ct));
                }
                await run.SaveLinksAsync(c, tx, kind, saved);
                await run.SaveProblemsAsync(c, tx, kind, [.. changed.Select(x => x.Row.Id), .. problems.Select(p => p.WhmcsId)], problems);
            });
        }
    }
}
