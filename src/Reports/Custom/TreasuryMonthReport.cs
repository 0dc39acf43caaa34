using BackOffice.Reports.Debtors;
using BackOffice.Reports.Engine;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Custom;

/// <summary>
/// Treasury's month (SPEC §5 "treasury import and review queue"): every incoming bank document of the month up to the
/// as-of date, under the manager of the client it was tied to, with the invoices it paid; documents tied to no client
/// (the review queue) sit on the "Без менеджера" sheet with the reason they wait. Statuses are as they stand now: the
/// ledger does not date a review's resolution against the document.
/// </summary>
public sealed class TreasuryMonthReport : Report
{
    static readonly Dictionary<string, string> Statuses = new()
    {
        ["matched"] = "оплата счёта", ["partial"] = "частичная оплата", ["credit"] = "в кредит клиента", ["review"] = "на проверке",
        ["ignored"] = "пропущен",
    };

    public override string Name => "treasury";
    public override string Title => "Поступления";
    public override string Description => "Incoming bank payments of --month up to the as-of date: client, manager, invoices paid, what waits for review";
    public override bool TakesMonth => true;

    public override string Caption(ReportScope scope) =>
        $"Поступления {scope.Month:dd.MM.yyyy}–{(scope.MonthEnd < scope.AsOf ? scope.MonthEnd : scope.AsOf):dd.MM.yyyy}";

    public override IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("Менеджер", CellKind.Text), new("ID клиента", CellKind.Integer), new("Клиент", CellKind.Text), new("ИНН плательщика", CellKind.Text),
        new("Плательщик", CellKind.Text), new("Дата", CellKind.Date), new("№ п/п", CellKind.Text), new("Сумма", CellKind.Money, Sum: true),
        new("Статус", CellKind.Text), new("Счета", CellKind.Text), new("Причина проверки", CellKind.Text),
    ];

    public override async Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            select c.sales_manager_id as manager_id, st.full_name as manager, c.id as client_id,
                   case when c.id is not null then {InvoiceBalances.ClientName} end as client,
                   d.payer_inn, d.payer_name, d.execution_date, d.number, d.amount, d.status,
                   (select string_agg(distinct i.number::text, ', ') from bank_document_payments bp
                    join payments p on p.id = bp.payment_id join invoices i on i.id = p.invoice_id where bp.document_id = d.id) as invoices,
                   (select q.reason from bank_review_queue q where q.document_id = d.id and q.resolved_at is null) as review_reason
            from bank_documents d
            left join clients c on c.id = d.client_id
            left join staff st on st.id = c.sales_manager_id
            where d.direction = 'incoming' and d.execution_date between @Month and least(@MonthEnd, @AsOf)
              and (cast(@ManagerId as integer) is null or c.sales_manager_id = @ManagerId)
            order by c.id nulls last, d.execution_date, d.id
            """, new { scope.AsOf, scope.ManagerId, scope.Month, scope.MonthEnd }, cancellationToken: ct));
        return rows.Select(r =>
        {
            var manager = r.Manager ?? ReportLayout.NoManager;
            object?[] cells =
            [
                manager, r.ClientId, r.Client ?? r.PayerName, r.PayerInn, r.PayerName, r.ExecutionDate, r.Number, r.Amount,
                Statuses.GetValueOrDefault(r.Status, r.Status), r.Invoices, r.ReviewReason,
            ];
            return new ReportLine(r.ManagerId, manager, r.ClientId ?? 0, cells);
        }).ToList();
    }

    sealed class Row
    {
        public int? ManagerId { get; set; }
        public string? Manager { get; set; }
        public int? ClientId { get; set; }
        public string? Client { get; set; }
        public string? PayerInn { get; set; }
        public string? PayerName { get; set; }
        public DateOnly ExecutionDate { get; set; }
        public string Number { get; set; } = "";
        public decimal Amount { get; set; }
        public string Status { get; set; } = "";
        public string? Invoices { get; set; }
        public string? ReviewReason { get; set; }
    }
}
