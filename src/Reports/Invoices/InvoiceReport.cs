using BackOffice.Reports.Debtors;
using BackOffice.Reports.Engine;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Invoices;

/// <summary>
/// Invoices issued in a month (SPEC §5, seed 003), each with its status, paid date and balance on the as-of date; an
/// invoice paid after that date shows as it stood then.
/// </summary>
public sealed class InvoiceReport : Report
{
    public override string Name => "invoices";
    public override string Title => "Счета";
    public override string Description => "Invoices issued in --month, with status, paid date and balance on the as-of date";
    public override bool TakesMonth => true;

    public override string Caption(ReportScope scope) =>
        $"Счета, выставленные {scope.Month:dd.MM.yyyy}–{scope.MonthEnd:dd.MM.yyyy}, на {scope.AsOf:dd.MM.yyyy}";

    public override IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("Менеджер", CellKind.Text), new("ID клиента", CellKind.Integer), new("Клиент", CellKind.Text), new("ИНН", CellKind.Text),
        new("Счёт №", CellKind.Integer), new("Дата счёта", CellKind.Date), new("Срок оплаты", CellKind.Date),
        new("Сумма", CellKind.Money, Sum: true), new("Оплачено", CellKind.Money, Sum: true), new("Остаток", CellKind.Money, Sum: true),
        new("Статус", CellKind.Text), new("Дата оплаты", CellKind.Date), new("Дней просрочки", CellKind.Integer),
    ];

    public override async Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            with {InvoiceBalances.Cte}
            select c.sales_manager_id as manager_id, s.full_name as manager, c.id as client_id, {InvoiceBalances.ClientName} as client,
                   c.inn, b.number, b.issue_date, b.due_date, b.total, b.paid, b.balance, b.status, b.settled, b.paid_date
            from balances b
            join clients c on c.id = b.client_id
            left join staff s on s.id = c.sales_manager_id
            where b.issue_date between @Month and @MonthEnd
            order by c.id, b.issue_date, b.number
            """, new { scope.AsOf, scope.ManagerId, scope.Month, scope.MonthEnd }, cancellationToken: ct));
        var lines = new List<ReportLine>();
        foreach (var r in rows)
        {
            var open = r.Status != "cancelled" && !r.Settled && r.Balance > 0;
            var days = open ? AgeBuckets.DaysOverdue(r.DueDate, scope.AsOf) : 0;
            var manager = r.Manager ?? ReportLayout.NoManager;
            object?[] cells =
            [
                manager, r.ClientId, r.Client, r.Inn, r.Number, r.IssueDate, r.DueDate, r.Total, r.Paid, r.Balance,
                StatusOn(r, days), r.PaidDate, days,
            ];
            lines.Add(new ReportLine(r.ManagerId, manager, r.ClientId, cells, days));
        }
        return lines;
    }

    static string StatusOn(Row r, int daysOverdue) => r switch
    {
        { Status: "cancelled" } => "отменён",
        { Settled: true } => "оплачен",
        { Status: "collections" } => "передан на взыскание",
        _ when daysOverdue > 0 => r.Paid > 0 ? "частично оплачен, просрочен" : "просрочен",
        _ => r.Paid > 0 ? "частично оплачен" : "не оплачен",
    };

    sealed class Row
    {
        public int? ManagerId { get; set; }
        public string? Manager { get; set; }
        public int ClientId { get; set; }
        public string Client { get; set; } = "";
        public string? Inn { get; set; }
        public long Number { get; set; }
        public DateOnly IssueDate { get; set; }
        public DateOnly DueDate { get; set; }
        public decimal Total { get; set; }
        public decimal Paid { get; set; }
        public decimal Balance { get; set; }
        public string Status { get; set; } = "";
        public bool Settled { get; set; }
        public DateOnly? PaidDate { get; set; }
    }
}
