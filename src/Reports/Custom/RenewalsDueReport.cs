using BackOffice.Ledger.Billing;
using BackOffice.Reports.Debtors;
using BackOffice.Reports.Engine;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Custom;

/// <summary>
/// Services due to renew in the next N days (SPEC §5 "services due to renew"): what a manager calls his clients about,
/// with the renewal invoice's number when it has been issued already.
/// </summary>
public sealed class RenewalsDueReport : Report
{
    public override string Name => "renewals";
    public override string Title => "Продления";
    public override string Description => "Active and suspended services whose next due date falls in the next --days days (default 30)";
    public override bool TakesDays => true;
    public override int DefaultDays => 30;

    public override string Caption(ReportScope scope) =>
        $"Услуги к продлению {scope.AsOf:dd.MM.yyyy}–{scope.AsOf.AddDays(scope.Days):dd.MM.yyyy}";

    public override IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("Менеджер", CellKind.Text), new("ID клиента", CellKind.Integer), new("Клиент", CellKind.Text), new("ИНН", CellKind.Text),
        new("ID услуги", CellKind.Integer), new("Услуга", CellKind.Text), new("Период", CellKind.Text), new("Сумма", CellKind.Money, Sum: true),
        new("Следующая оплата", CellKind.Date), new("Дней до оплаты", CellKind.Integer), new("Статус", CellKind.Text),
        new("Счёт №", CellKind.Integer),
    ];

    public override async Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            select c.sales_manager_id as manager_id, st.full_name as manager, c.id as client_id, {InvoiceBalances.ClientName} as client, c.inn,
                   sv.id as service_id, p.name as product, sv.billing_cycle, sv.recurring_amount, sv.next_due_date, sv.status,
                   (select i.number from invoice_lines l join invoices i on i.id = l.invoice_id
                    where l.service_id = sv.id and l.bills_period and l.period_start = sv.next_due_date
                      and i.status <> 'cancelled' and i.number is not null
                    order by i.id desc limit 1) as invoice_number
            from services sv
            join clients c on c.id = sv.client_id
            join products p on p.id = sv.product_id
            left join staff st on st.id = c.sales_manager_id
            where sv.status in ('active', 'suspended') and sv.billing_cycle not in ('free', 'one_time')
              and sv.next_due_date between @AsOf and @until
              and (cast(@ManagerId as integer) is null or c.sales_manager_id = @ManagerId)
            order by c.id, sv.next_due_date, sv.id
            """, new { scope.AsOf, scope.ManagerId, until = scope.AsOf.AddDays(scope.Days) }, cancellationToken: ct));
        return rows.Select(r =>
        {
            var manager = r.Manager ?? ReportLayout.NoManager;
            object?[] cells =
            [
                manager, r.ClientId, r.Client, r.Inn, r.ServiceId, r.Product, BillingCycles.Parse(r.BillingCycle).RussianName(),
                r.RecurringAmount, r.NextDueDate, r.NextDueDate.DayNumber - scope.AsOf.DayNumber,
                r.Status == "suspended" ? "приостановлена" : "активна", r.InvoiceNumber,
            ];
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
        public int ServiceId { get; set; }
        public string Product { get; set; } = "";
        public string BillingCycle { get; set; } = "";
        public decimal RecurringAmount { get; set; }
        public DateOnly NextDueDate { get; set; }
        public string Status { get; set; } = "";
        public long? InvoiceNumber { get; set; }
    }
}
