using BackOffice.Ledger.Billing;
using BackOffice.Reports.Debtors;
using BackOffice.Reports.Engine;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Clients;

/// <summary>
/// All clients of a manager (SPEC §5, seed 003): requisites, the services held, monthly recurring revenue, credit and
/// what is owed on the as-of date (overdue part separately). Credit is the balance of credit_ledger up to that date.
/// </summary>
public sealed class ClientReport : Report
{
    static readonly Dictionary<string, string> Statuses = new() { ["active"] = "активен", ["inactive"] = "неактивен", ["closed"] = "закрыт" };

    public override string Name => "clients";
    public override string Title => "Клиенты";
    public override string Description => "Every client of the manager: requisites, services, MRR, credit, balance due on the as-of date";

    public override IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("Менеджер", CellKind.Text), new("ID клиента", CellKind.Integer), new("Клиент", CellKind.Text), new("ИНН", CellKind.Text),
        new("КПП", CellKind.Text), new("ОГРН", CellKind.Text), new("Код в Юнионе", CellKind.Text), new("Email", CellKind.Text),
        new("Телефон", CellKind.Text), new("Статус", CellKind.Text), new("Услуги", CellKind.Text), new("Услуг", CellKind.Integer),
        new("MRR", CellKind.Money, Sum: true), new("Кредит", CellKind.Money, Sum: true), new("Долг", CellKind.Money, Sum: true),
        new("В т.ч. просрочено", CellKind.Money, Sum: true), new("Дней просрочки", CellKind.Integer),
    ];

    public override async Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct)
    {
        var args = new { scope.AsOf, scope.ManagerId };
        var clients = await conn.QueryAsync<Row>(new CommandDefinition($"""
            with {InvoiceBalances.Cte},
            owed as (
                select client_id, sum(balance) as owed, sum(balance) filter (where due_date < @AsOf) as overdue,
                       min(due_date) filter (where due_date < @AsOf) as oldest_due
                from balances where balance > 0 group by client_id
            ),
            credit as (
                select client_id, sum(amount) as credit from credit_ledger where occurred_on <= @AsOf group by client_id
            )
            select c.sales_manager_id as manager_id, s.full_name as manager, c.id as client_id, {InvoiceBalances.ClientName} as client,
                   c.inn, c.kpp, c.registration_number, c.contractor_code, c.email, c.phone, c.status,
                   coalesce(cr.credit, 0) as credit, coalesce(o.owed, 0) as owed, coalesce(o.overdue, 0) as overdue, o.oldest_due
            from clients c
            left join staff s on s.id = c.sales_manager_id
            left join owed o on o.client_id = c.id
            left join credit cr on cr.client_id = c.id
            where not c.is_lead and (cast(@ManagerId as integer) is null or c.sales_manager_id = @ManagerId)
            order by c.id
            """, args, cancellationToken: ct));
        var services = (await conn.QueryAsync<ServiceRow>(new CommandDefinition("""
            select sv.client_id, p.name as product, sv.billing_cycle, sv.recurring_amount, sv.status
            from services sv join clients c on c.id = sv.client_id join products p on p.id = sv.product_id
            where sv.status in ('pending', 'active', 'suspended')
              and (cast(@ManagerId as integer) is null or c.sales_manager_id = @ManagerId)
            order by sv.client_id, p.name
            """, args, cancellationToken: ct))).ToLookup(s => s.ClientId);

        var lines = new List<ReportLine>();
        foreach (var r in clients)
        {
            var held = services[r.ClientId].ToList();
            var mrr = Money.Round(held.Where(s => s.Status != "pending")
                .Select(s => (s.RecurringAmount, Months: BillingCycles.Parse(s.BillingCycle).Months()))
                .Where(s => s.Months > 0).Sum(s => s.RecurringAmount / s.Months));
            var days = r.OldestDue is { } due ? AgeBuckets.DaysOverdue(due, scope.AsOf) : 0;
            var manager = r.Manager ?? ReportLayout.NoManager;
            object?[] cells =
            [
                manager, r.ClientId, r.Client, r.Inn, r.Kpp, r.RegistrationNumber, r.ContractorCode, r.Email, r.Phone,
                Statuses.GetValueOrDefault(r.Status, r.Status), held.Count == 0 ? null : string.Join("; ", held.Select(s => s.Product)),
                held.Count, mrr, r.Credit, r.Owed, r.Overdue, days,
            ];
            lines.Add(new ReportLine(r.ManagerId, manager, r.ClientId, cells, days));
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
        public string? RegistrationNumber { get; set; }
        public string? ContractorCode { get; set; }
        public string Email { get; set; } = "";
        public string? Phone { get; set; }
        public string Status { get; set; } = "";
        public decimal Credit { get; set; }
        public decimal Owed { get; set; }
        public decimal Overdue { get; set; }
        public DateOnly? OldestDue { get; set; }
    }

    sealed class ServiceRow
    {
        public int ClientId { get; set; }
        public string Product { get; set; } = "";
        public string BillingCycle { get; set; } = "";
        public decimal RecurringAmount { get; set; }
        public string Status { get; set; } = "";
    }
}
