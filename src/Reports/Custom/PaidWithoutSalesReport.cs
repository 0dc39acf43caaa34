using BackOffice.Reports.Debtors;
using BackOffice.Reports.Engine;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Custom;

/// <summary>
/// Invoices paid but without their sales document in 1C (seed 003 "RealizaciyaUnion"): every invoice paid in --month up
/// to the as-of date whose «Реализация товаров и услуг» the 1C mirror has not recorded (onec_invoices.sales_ref_key),
/// with what the mirror says about it — so the accountant knows whether to wait, fix a contractor or post it by hand.
/// The mirror's state is the one `backoffice sync show` prints; the error is the relay's last one for the invoice, else
/// the client's open contractor problem.
/// </summary>
public sealed class PaidWithoutSalesReport : Report
{
    public override string Name => "paid-no-sales";
    public override string Title => "Оплачены, нет реализации в 1С";
    public override string Description => "Invoices paid in --month up to the as-of date that have no sales document (Реализация) in 1C, with the mirror's state and last error";
    public override bool TakesMonth => true;
    public override int ClientKeyColumns => 5;

    public override string Caption(ReportScope scope) =>
        $"{Title}: оплачены {scope.Month:dd.MM.yyyy}–{(scope.MonthEnd < scope.AsOf ? scope.MonthEnd : scope.AsOf):dd.MM.yyyy}";

    public override IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("Менеджер", CellKind.Text), new("ID клиента", CellKind.Integer), new("Клиент", CellKind.Text), new("ИНН", CellKind.Text),
        new("Код контрагента", CellKind.Text), new("Организация", CellKind.Text), new("№ счёта", CellKind.Integer), new("№ в 1С", CellKind.Text),
        new("Дата оплаты", CellKind.Date), new("Сумма", CellKind.Money, Sum: true), new("Состояние в 1С", CellKind.Text),
        new("Последняя ошибка", CellKind.Text),
    ];

    public override async Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            select c.sales_manager_id as manager_id, st.full_name as manager, c.id as client_id, {InvoiceBalances.ClientName} as client,
                   c.inn, c.contractor_code, o.name as organisation, i.number, m.number as onec_number, i.paid_date, i.total,
                   case when exists (select 1 from outbox q where q.destination = 'onec' and q.aggregate_id = i.id and q.processed_at is null
                                     and q.gave_up_at is not null) then 'отправка прекращена'
                        when exists (select 1 from outbox q where q.destination = 'onec' and q.aggregate_id = i.id and q.processed_at is null) then 'ждёт отправки'
                        when m.invoice_id is null then 'счёта нет в 1С'
                        else 'счёт в 1С, реализации нет' end as state,
                   coalesce((select q.last_error from outbox q where q.destination = 'onec' and q.aggregate_id = i.id and q.last_error is not null
                             order by q.id desc limit 1),
                            (select p.message from onec_problems p where p.client_id = c.id and p.resolved_at is null)) as last_error
            from invoices i
            join clients c on c.id = i.client_id
            join organisations o on o.id = i.organisation_id
            left join staff st on st.id = c.sales_manager_id
            left join onec_invoices m on m.invoice_id = i.id
            where i.status = 'paid' and i.paid_date between @Month and least(@MonthEnd, @AsOf)
              and m.sales_ref_key is null
              and (cast(@ManagerId as integer) is null or c.sales_manager_id = @ManagerId)
            order by c.id, i.paid_date, i.number
            """, new { scope.AsOf, scope.ManagerId, scope.Month, scope.MonthEnd }, cancellationToken: ct));
        return rows.Select(r =>
        {
            var manager = r.Manager ?? ReportLayout.NoManager;
            object?[] cells =
            [
                manager, r.ClientId, r.Client, r.Inn, r.ContractorCode, r.Organisation, r.Number, r.OnecNumber, r.PaidDate, r.Total, r.State, r.LastError,
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
        public string? ContractorCode { get; set; }
        public string Organisation { get; set; } = "";
        public long Number { get; set; }
        public string? OnecNumber { get; set; }
        public DateOnly PaidDate { get; set; }
        public decimal Total { get; set; }
        public string State { get; set; } = "";
        public string? LastError { get; set; }
    }
}
