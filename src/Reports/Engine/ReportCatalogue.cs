using BackOffice.Ledger;
using BackOffice.Reports.Clients;
using BackOffice.Reports.Custom;
using BackOffice.Reports.Debtors;
using BackOffice.Reports.Invoices;

namespace BackOffice.Reports.Engine;

/// <summary>Every report the engine can make, by the name the verb takes.</summary>
public sealed class ReportCatalogue(IEnumerable<Report> reports)
{
    public static readonly RefusalCode ReportMissing = new("report.missing");
    public IReadOnlyList<Report> All { get; } = reports.ToList();

    /// <summary>The reports of SPEC §5 and the operating manual's custom reports (seed 003), the 1C mirror's and the
    /// support desk's included.</summary>
    public static ReportCatalogue Standard() => new(
    [
        new DebtorReport(), new ClientReport(), new InvoiceReport(), new RenewalsDueReport(), new NewClientsReport(), new NoManagerPayersReport(),
        new TreasuryMonthReport(), new PaidWithoutSalesReport(), new SupportMonthReport(),
    ]);

    public Report Find(string? name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInput(ReportMissing, "name", $"There is no report '{name}'; the reports are: {string.Join(", ", All.Select(r => r.Name))} (see `backoffice report --list`).");
}
