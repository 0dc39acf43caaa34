using BackOffice.Reports.Engine;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Debtors;

/// <summary>
/// Debtors (SPEC §5, seed 003 "Managers Work"): the clients with an invoice unpaid past its due date on the as-of date,
/// each with every invoice he still owes on (those not yet due too, so that his total is his whole debt), aged in buckets.
/// </summary>
public sealed class DebtorReport : Report
{
    public const string ReportName = "debtors";
    public const int Balance = 11, FirstBucket = 13;

    public override string Name => ReportName;
    public override string Title => "Должники";
    public override string Description => "Clients with invoices unpaid past their due date on the as-of date, aged 1–30/31–60/61–90/90+";
    public override int ClientKeyColumns => 5;

    public override IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("Менеджер", CellKind.Text), new("ID клиента", CellKind.Integer), new("Клиент", CellKind.Text), new("ИНН", CellKind.Text),
        new("КПП", CellKind.Text), new("Счёт №", CellKind.Integer), new("Дата счёта", CellKind.Date), new("Срок оплаты", CellKind.Date),
        new("Дней просрочки", CellKind.Integer), new("Сумма", CellKind.Money, Sum: true), new("Оплачено", CellKind.Money, Sum: true),
        new("Остаток", CellKind.Money, Sum: true), new("Срок долга", CellKind.Text),
        .. AgeBuckets.Labels.Select(l => new ReportColumn(char.ToUpperInvariant(l[0]) + l[1..], CellKind.Money, Sum: true)),
    ];

    public override async Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            with {InvoiceBalances.Cte}
            select c.sales_manager_id as manager_id, s.full_name as manager, c.id as client_id, {InvoiceBalances.ClientName} as client,
                   c.inn, c.kpp, b.number, b.issue_date, b.due_date, b.total, b.paid, b.balance
            from balances b
            join clients c on c.id = b.client_id
            left join staff s on s.id = c.sales_manager_id
            where b.balance > 0
              and b.client_id in (select client_id from balances where balance > 0 and due_date < @AsOf)
            order by c.id, b.due_date, b.number
            """, new { scope.AsOf, scope.ManagerId }, cancellationToken: ct));
        var lines = new List<ReportLine>();
        foreach (var r in rows)
        {
            var days = AgeBuckets.DaysOverdue(r.DueDate, scope.AsOf);
            var bucket = AgeBuckets.Of(days);
            var cells = new object?[Columns.Count];
            (cells[0], cells[1], cells[2], cells[3], cells[4]) = (r.Manager ?? ReportLayout.NoManager, r.ClientId, r.Client, r.Inn, r.Kpp);
            (cells[5], cells[6], cells[7], cells[8]) = (r.Number, r.IssueDate, r.DueDate, days);
            (cells[9], cells[10], cells[Balance], cells[12]) = (r.Total, r.Paid, r.Balance, AgeBuckets.Labels[bucket]);
            for (var b = 0; b < AgeBuckets.Labels.Length; b++)
                cells[FirstBucket + b] = b == bucket ? r.Balance : 0m;
            lines.Add(new ReportLine(r.ManagerId, r.Manager ?? ReportLayout.NoManager, r.ClientId, cells, days));
        }
        return lines;
    }

    sealed class Row
    {
        public int? ManagerId { get; set; }
        public string? Manager { get; set; }
        public int ClientId { get; set; }
        public string Client { get; set; } = "";
        public string? Inn { get; set; }
        public string? Kpp { get; set; }
        public long Number { get; set; }
        public DateOnly IssueDate { get; set; }
        public DateOnly DueDate { get; set; }
        public decimal Total { get; set; }
        public decimal Paid { get; set; }
        public decimal Balance { get; set; }
    }
}
