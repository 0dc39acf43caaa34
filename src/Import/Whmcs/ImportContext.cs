namespace BackOffice.Import.Whmcs;

/// <summary>What one part of the import learns and a later part needs: who is who on the ledger's side.</summary>
sealed class ImportContext
{
    public required int OrganisationId { get; init; }
    public required string PaymentMethod { get; init; }
    public required DateOnly? Since { get; init; }
    public required string InvoiceNumberFormat { get; init; }
    public Dictionary<string, long> CustomFieldIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, long> Departments { get; } = [];
    public Dictionary<long, long> Staff { get; } = [];
    /// <summary>Admin full name ("Диана Кучеренко") → staff id: tickets and notes name admins, not ids.</summary>
    public Dictionary<string, long> StaffByName { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<long, string> AdminNames { get; } = [];
    public Dictionary<long, long> Groups { get; } = [];
    /// <summary>Imported clients (ids kept) with their currency code and email.</summary>
    public Dictionary<long, (string Currency, string Email)> Clients { get; } = [];
    public HashSet<long> Invoices { get; } = [];
    public Dictionary<long, long> Payments { get; } = [];
    public HashSet<long> HostingIds { get; } = [];
    public Dictionary<long, long> ProductGroups { get; } = [];
    public Dictionary<long, long> Products { get; } = [];
    /// <summary>Imported services (ids kept) with their ledger product.</summary>
    public Dictionary<long, long> Services { get; } = [];
    /// <summary>Imported services with their WHMCS product and the ledger's name of their cycle.</summary>
    public Dictionary<long, (long Product, string Cycle)> ServicePlans { get; } = [];
    public Dictionary<long, long> Orders { get; } = [];
    /// <summary>(WHMCS product, WHMCS option) → the ledger option, its unit priced or not, the cycles it has a price for.</summary>
    public Dictionary<(long Product, long Option), (long Id, bool Priced, HashSet<string> Cycles)> ConfigOptions { get; } = [];
    public Dictionary<long, long> Addons { get; } = [];
    /// <summary>WHMCS promotion → the ledger's promo code and the ledger products it is limited to (null: any).</summary>
    public Dictionary<long, (long Id, string Code, long[]? Products)> Promotions { get; } = [];
    /// <summary>WHMCS order id → its WHMCS invoice id, to point the order at the invoice once invoices are in.</summary>
    public Dictionary<long, long> OrderInvoices { get; } = [];

    public static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    /// <summary>WHMCS times are the server's local time (the company's: Moscow).</summary>
    public static DateTime Utc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Moscow);
}
