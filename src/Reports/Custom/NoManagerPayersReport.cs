using BackOffice.Reports.Debtors;
using BackOffice.Reports.Engine;
using Dapper;
using Npgsql;

namespace BackOffice.Reports.Custom;

/// <summary>
/// Paying clients with no manager (seed 003 "NoManagerPayClients"): clients without a sales manager who paid in the
/// --days days up to the as-of date — the ones to hand to a manager.
/// </summary>
public sealed class NoManagerPayersReport : Report
{
    public override string Name => "no-manager";
    public override string Title => "Платящие клиенты без менеджера";
    public override string Description => "Clients with no sales manager who paid in the --days days up to the as-of date (default 365)";
    public override bool TakesDays => true;
    public override int DefaultDays => 365;
    public override bool ByManager => false;

    public override string Caption(ReportScope scope) =>
        $"{Title}: оплаты {scope.AsOf.AddDays(-scope.Days + 1):dd.MM.yyyy}–{scope.AsOf:dd.MM.yyyy}";

    public override IReadOnlyList<ReportColumn> Columns { get; } =
    [
        new("Менеджер", CellKind.Text), new("ID клиента", CellKind.Integer), new("Клиент", CellKind.Text), new("ИНН", CellKind.Text),
        new("КПП", CellKind.Text), new("Email", CellKind.Text), new("Платежей", CellKind.Integer), new("Оплачено", CellKind.Money, Sum: true),
        new("Последняя оплата", CellKind.Date),
    ];

    public override async Task<IReadOnlyList<ReportLine>> ReadAsync(NpgsqlConnection conn, ReportScope scope, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            select c.id as client_id, {InvoiceBalances.ClientName} as client, c.inn, c.kpp, c.email,
                   count(*)::int as payments, sum(p.amount) as paid, max(p.paid_on) as last_paid
            from clients c join payments p on p.client_id = c.id
            where c.sales_manager_id is null and p.kind = 'payment' and p.paid_on between @from and @AsOf
            group by c.id
            order by c.id
            """, new { scope.AsOf, from = scope.AsOf.AddDays(-scope.Days + 1) }, cancellationToken: ct));
        return rows.Select(r =>
        {
            object?[] cells = [ReportLayout.NoManager, r.ClientId, r.Client, r.Inn, r.Kpp, r.Email, r.Payments, r.Paid, r.LastPaid];
            return new ReportLine(null, ReportLayout.NoManager, r.ClientId, cells);
        }).ToList();
    }

    sealed class Row
    {
        public int ClientId { get; set; }
        public string Client { get; set; } = "";
        public string? Inn { get; set; }
        public string? Kpp { get; set; }
        public string Email { get; set; } = "";
        public int Payments { get; set; }
        public decimal Paid { get; set; }
        public DateOnly LastPaid { get; set; }
    }
}
