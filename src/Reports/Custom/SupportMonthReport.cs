using BackOffice.Reports.Engine;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Custom;

/// <summary>
/// The support desk's month (seed 003 "SupportMonthStats", SPEC §4 "a monthly SLA report"): per department and per
/// staff member (the ticket's assignee), tickets opened, first answered and closed in the month, first-answer times
/// and the SLA kept or broken. Times are the SLA clock's own: <c>first_response_minutes</c> is written by the clock on
/// its configured calendar (working hours or 24×7), so the report never counts minutes a second, different way.
/// <list type="bullet">
/// <item>Opened: tickets created in the month (Moscow time) up to the as-of date. Answered: first staff answer in the
/// month; the median and 90th percentile are over those answers. Closed: tickets closed in the month (each once).</item>
/// <item>SLA: of the client tickets opened in the month (internal and automatic ones have no clock), breached = the
/// watch marked a breach on it (any breach, also of a later answer), kept = answered and never breached; one still
/// waiting and not yet late is neither.</item>
/// <item>Reopened: tickets that left «closed» in the month.</item>
/// </list>
/// A sheet «Все отделы» has a row per department and the desk's total; each department's sheet has its own total row
/// first, then a row per staff member.
/// </summary>
public sealed class SupportMonthReport : Report
{
    public const string AllDepartments = "Все отделы", WholeDepartment = "Весь отдел", Unassigned = "Не назначен";

    public override string Name => "support-month";
    public override string Title => "Поддержка: SLA за месяц";
    public override string Description =>
        "Tickets of --month per department and staff member: opened, answered, closed, first answer median and 90th percentile (SLA clock minutes), SLA kept/breached, reopened";
    public override bool TakesMonth => true;
    public override bool SheetTotals => false;
    public override bool SortsByClient => false;
    public override (string Sheet, string Counted) SummaryHeaders => ("Отдел", "Сотрудников");

    public override string Caption(ReportScope scope) =>
        $"{Title} {scope.Month:MM.yyyy} (по {(scope.MonthEnd < scope.AsOf ? scope.MonthEnd : scope.AsOf):dd.MM.yyyy})";

    public override IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("Отдел", CellKind.Text), new("ID", CellKind.Integer), new("Сотрудник", CellKind.Text),
        new("Открыто", CellKind.Integer), new("Отвечено", CellKind.Integer), new("Закрыто", CellKind.Integer),
        new("Первый ответ, медиана (мин)", CellKind.Integer), new("Первый ответ, 90% (мин)", CellKind.Integer),
        new("SLA соблюдён", CellKind.Integer), new("SLA нарушен", CellKind.Integer), new("Доля в срок", CellKind.Percent),
        new("Открыто снова", CellKind.Integer),
    ];

    public override async Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct)
    {
        var until = (scope.MonthEnd < scope.AsOf ? scope.MonthEnd : scope.AsOf).AddDays(1);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition("""
            with bounds as (
                select (@from::timestamp at time zone 'Europe/Moscow') as f, (@until::timestamp at time zone 'Europe/Moscow') as e
            ), t as (
                select t.department_id, t.assignee_id, t.first_response_minutes,
                       t.created_at >= b.f and t.created_at < b.e as opened,
                       t.first_response_at >= b.f and t.first_response_at < b.e as answered,
                       exists (select 1 from ticket_events ev where ev.ticket_id = t.id and ev.what like '% → closed'
                               and ev.at >= b.f and ev.at < b.e) as closed,
                       exists (select 1 from ticket_events ev where ev.ticket_id = t.id and ev.what like 'status closed → %'
                               and ev.at >= b.f and ev.at < b.e) as reopened,
                       t.kind = 'client' and not t.is_automatic as clocked,
                       t.sla_breaches > 0 as breached, t.first_response_at is not null as has_answer
                from tickets t cross join bounds b
                where (cast(@ManagerId as integer) is null or t.assignee_id = @ManagerId)
                  and (t.created_at < b.e and (t.closed_at is null or t.closed_at >= b.f or t.first_response_at >= b.f
                       or exists (select 1 from ticket_events ev where ev.ticket_id = t.id and ev.at >= b.f and ev.at < b.e)))
            )
            select grouping(d.id) as whole_desk, grouping(t.assignee_id) as whole_department,
                   d.id as department_id, d.name as department, t.assignee_id as staff_id, s.full_name as staff,
                   count(*) filter (where opened)::int as opened,
                   count(*) filter (where answered)::int as answered,
                   count(*) filter (where closed)::int as closed,
                   round(percentile_cont(0.5) within group (order by first_response_minutes) filter (where answered)::numeric)::int as median,
                   round(percentile_cont(0.9) within group (order by first_response_minutes) filter (where answered)::numeric)::int as p90,
                   count(*) filter (where opened and clocked and has_answer and not breached)::int as kept,
                   count(*) filter (where opened and clocked and breached)::int as breached,
                   count(*) filter (where reopened)::int as reopened
            from t join departments d on d.id = t.department_id left join staff s on s.id = t.assignee_id
            group by grouping sets ((d.id, d.name, t.assignee_id, s.full_name), (d.id, d.name), ())
            having count(*) filter (where opened or answered or closed or reopened) > 0
            order by grouping(d.id), d.name, grouping(t.assignee_id) desc, s.full_name nulls last
            """, new { from = scope.Month.ToDateTime(TimeOnly.MinValue), until = until.ToDateTime(TimeOnly.MinValue), scope.ManagerId },
            cancellationToken: ct))).ToList();

        var lines = new List<ReportLine>();
        // The desk's sheet: one row per department, then the whole desk.
        foreach (var r in rows.Where(r => r.WholeDepartment == 1))
            lines.Add(Line(null, AllDepartments, r.WholeDesk == 1 ? 0 : r.DepartmentId!.Value,
                r.WholeDesk == 1 ? AllDepartments : r.Department!, r.WholeDesk == 1 ? AllDepartments : WholeDepartment, r));
        foreach (var r in rows.Where(r => r.WholeDesk == 0).OrderBy(r => r.DepartmentId))
            lines.Add(Line(r.DepartmentId, r.Department!, r.WholeDepartment == 1 ? 0 : r.StaffId ?? 0, r.Department!,
                r.WholeDepartment == 1 ? WholeDepartment : r.Staff ?? Unassigned, r));
        return lines;
    }

    static ReportLine Line(int? sheet, string sheetName, int id, string department, string who, Row r)
    {
        var decided = r.Kept + r.Breached;
        object?[] cells =
        [
            department, id == 0 ? null : id, who, r.Opened, r.Answered, r.Closed, r.Median, r.P90, r.Kept, r.Breached,
            decided == 0 ? null : Math.Round((decimal)r.Kept / decided, 4), r.Reopened,
        ];
        return new ReportLine(sheet, sheetName, id, cells);
    }

    sealed class Row
    {
        public int WholeDesk { get; set; }
        public int WholeDepartment { get; set; }
        public int? DepartmentId { get; set; }
        public string? Department { get; set; }
        public int? StaffId { get; set; }
        public string? Staff { get; set; }
        public int Opened { get; set; }
        public int Answered { get; set; }
        public int Closed { get; set; }
        public int? Median { get; set; }
        public int? P90 { get; set; }
        public int Kept { get; set; }
        public int Breached { get; set; }
        public int Reopened { get; set; }
    }
}
