using BackOffice.Reports.Debtors;
using BackOffice.Reports.Engine;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Custom;

/// <summary>New clients in a month (seed 003 "NewClientsList"): registered that month (Moscow date), with what they
/// were invoiced and paid by the as-of date.</summary>
public sealed class NewClientsReport : Report
{
    public override string Name => "new-clients";
    public override string Title => "Новые клиенты";
    public override string Description => "Clients registered in --month (default the as-of date's month), with invoiced and paid by the as-of date";
    public override bool TakesMonth => true;

    public override string Caption(ReportScope scope) =>
        $"Новые клиенты {scope.Month:dd.MM.yyyy}–{scope.MonthEnd:dd.MM.yyyy}, оплаты на {scope.AsOf:dd.MM.yyyy}";

    public override IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("Менеджер", CellKind.Text), new("ID клиента", CellKind.Integer), new("Клиент", CellKind.Text), new("ИНН", CellKind.Text),
        new("КПП", CellKind.Text), new("Email", CellKind.Text), new("Дата регистрации", CellKind.Date), new("Услуг", CellKind.Integer),
        new("Выставлено", CellKind.Money, Sum: true), new("Оплачено", CellKind.Money, Sum: true),
    ];

    public override async Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            with {InvoiceBalances.Cte}
            select c.sales_manager_id as manager_id, st.full_name as manager, c.id as client_id, {InvoiceBalances.ClientName} as client,
                   c.inn, c.kpp, c.email, (c.created_at at time zone 'Europe/Moscow')::date as registered,
                   (select count(*)::int from services sv where sv.client_id = c.id and sv.status in ('pending', 'active', 'suspended')) as services,
                   coalesce((select sum(total) from balances b where b.client_id = c.id and b.status <> 'cancelled'), 0) as invoiced,
                   coalesce((select sum(paid) from balances b where b.client_id = c.id), 0) as paid
            from clients c
            left join staff st on st.id = c.sales_manager_id
            where (c.created_at at time zone 'Europe/Moscow')::date between @Month and @MonthEnd
              and (cast(@ManagerId as integer) is null or c.sales_manager_id = @ManagerId)
            order by c.id
            """, new { scope.AsOf, scope.ManagerId, scope.Month, scope.MonthEnd }, cancellationToken: ct));
        return rows.Select(r =>
        {
            var manager = r.Manager ?? ReportLayout.NoManager;
            object?[] cells = [manager, r.ClientId, r.Client, r.Inn, r.Kpp, r.Email, r.Registered, r.Services, r.Invoiced, r.Paid];
            return new ReportLine(r.ManagerId, manager, r.ClientId, cells);
        }).ToList();
    }

    sealed class Row
    {
        public int? ManagerId { get; set; }
        public string? Manager { get; set; }
        public int ClientId { get; set; }
        public string Client { get; set; } = "";
        public string? Inn { get; set; }
        public string? Kpp { get; set; }
        public string Email { get; set; } = "";
        public DateOnly Registered { get; set; }
        public int Services { get; set; }
        public decimal Invoiced { get; set; }
        public decimal Paid { get; set; }
    }
}
