using BackOffice.Ledger;
using BackOffice.Tickets.Sla;
using Dapper;
using Npgsql;

namespace BackOffice.Tickets.Desk;

/// <summary>Which tickets: every filter is optional. Status null = all but closed (a Number finds it closed too), "all" = all;
/// AssigneeId 0 = nobody's;
/// ManagerId = only tickets of that manager's clients, as their sales or personal manager (a manager's own view).</summary>
public sealed record TicketFilter
{
    public string? Status { get; init; }
    public int? DepartmentId { get; init; }
    public int? AssigneeId { get; init; }
    public int? ClientId { get; init; }
    public int? ManagerId { get; init; }
    public int? Number { get; init; }
    /// <summary>Past the SLA due time or within WarnMinutes of it.</summary>
    public bool Breaching { get; init; }
    /// <summary>The client waits for us (the header's «ожидают ответа»): <see cref="TicketQueue.AwaitingStatuses"/>.</summary>
    public bool Awaiting { get; init; }
}

public sealed record TicketPage(IReadOnlyList<TicketSummary> Tickets, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The ticket queue, most urgent first: the running SLA clocks by due time (the breached ones lead), then what waits for
/// us without a clock, then the rest; high priority before low, the longest waiting first. The verbs and the pages read it.
/// </summary>
public sealed class TicketQueue(NpgsqlDataSource db, TimeProvider clock, SlaClock sla)
{
    public static readonly RefusalCode StatusUnknown = new("ticket.status-unknown");
    /// <summary>Statuses in which the client waits for an answer from us (on hold waits on the client or a third party).</summary>
    public static readonly string[] AwaitingStatuses = ["open", "customer_reply", "in_progress"];

    public static readonly string[] Statuses = ["open", "answered", "customer_reply", "on_hold", "in_progress", "closed"];

    public async Task<TicketPage> PageAsync(TicketFilter filter, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        if (filter.Status is { } s && s != "all" && !Statuses.Contains(s))
            throw new InvalidInput(StatusUnknown, "status", $"'{s}' is not a ticket status: {string.Join(", ", Statuses)} (or all).");
        page = Math.Max(1, page);
        pageSize = Math.Max(1, pageSize);
        var now = clock.GetUtcNow().UtcDateTime;
        var args = Args(filter, now);
        args.Add("limit", pageSize);
        args.Add("offset", (long)(page - 1) * pageSize);
        await using var conn = await db.OpenConnectionAsync(ct);
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition($"select count(*)::int {From}", args, cancellationToken: ct));
        // The page is taken from tickets alone, then named: joining every open ticket to its client before the limit cost
        // more than the sort.
        var rows = total == 0 ? [] : await conn.QueryAsync<TicketSummary>(new CommandDefinition($"""
            select t.number, t.subject, t.status, t.priority, d.name as department, s.full_name as assignee, t.client_id,
                   coalesce(nullif(c.company_name, ''), nullif(trim(c.first_name || ' ' || c.last_name), '')) as client, t.unverified, t.updated_at,
                   t.sla_due_at, null as sla, t.sla_paused_minutes, null::int as sla_minutes_left
            from (select t.* {From} {Order} limit @limit offset @offset) t
            join departments d on d.id = t.department_id
            left join staff s on s.id = t.assignee_id
            left join clients c on c.id = t.client_id
            {Order}
            """, args, cancellationToken: ct));
        return new TicketPage(rows.Select(t => WithCountdown(t, now)).ToList(), total, page, pageSize);
    }

    public async Task<int> CountAsync(TicketFilter filter, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition($"select count(*)::int {From}", Args(filter, clock.GetUtcNow().UtcDateTime),
            cancellationToken: ct));
    }

    TicketSummary WithCountdown(TicketSummary t, DateTime now) =>
        sla.Countdown(t.SlaDueAt, t.SlaPausedMinutes, now) is { } c ? t with { Sla = c.State, SlaMinutesLeft = c.WorkingMinutes } : t;

    const string From = """
        from tickets t
        where (@status::text = 'all' or @status::text is null and (t.status <> 'closed' or @number::int is not null) or t.status = @status)
          and (@number::int is null or t.number = @number)
          and (@clientId::int is null or t.client_id = @clientId)
          and (@departmentId::int is null or t.department_id = @departmentId)
          and (@assigneeId::int is null or t.assignee_id = @assigneeId or (@assigneeId = 0 and t.assignee_id is null))
          and (@managerId::int is null or t.client_id in (select id from clients where sales_manager_id = @managerId or personal_manager_id = @managerId))
          and (not @breaching or t.sla_due_at <= @soon)
          and (not @awaiting or t.status = any(@awaitingStatuses))
        """;

    const string Order = """
        order by t.sla_due_at nulls last, (t.status = any(@awaitingStatuses)) desc,
                 case t.priority when 'high' then 0 when 'medium' then 1 else 2 end, t.updated_at, t.number
        """;

    DynamicParameters Args(TicketFilter f, DateTime now) => new(new
    {
        status = f.Status, f.Number, f.ClientId, f.DepartmentId, f.AssigneeId, f.ManagerId,
        breaching = f.Breaching, awaiting = f.Awaiting, awaitingStatuses = AwaitingStatuses, soon = sla.WarnBefore(now),
    });
}
