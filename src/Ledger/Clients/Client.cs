namespace BackOffice.Ledger.Clients;

/// <summary>A client as stored: SPEC §1 "Clients".</summary>
public sealed class Client
{
    public int Id { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? CompanyName { get; set; }
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    public string? Address1 { get; set; }
    public string? Address2 { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? Postcode { get; set; }
    public string Country { get; set; } = "RU";
    public string? PostalAddress { get; set; }
    public string? Inn { get; set; }
    public string? Kpp { get; set; }
    public string? RegistrationNumber { get; set; }
    public string LicenceOwnershipForm { get; set; } = "unknown";
    public string? ContractorCode { get; set; }
    public int? SalesManagerId { get; set; }
    public string? SalesManager { get; set; }
    public int? PersonalManagerId { get; set; }
    public string? PersonalManager { get; set; }
    public string? Office { get; set; }
    public int? DepartmentId { get; set; }
    public string? Department { get; set; }
    public int? ClientGroupId { get; set; }
    public bool IsLead { get; set; }
    public string? Utm { get; set; }
    public bool NoLateFee { get; set; }
    public bool NoOverdueNotices { get; set; }
    public bool NoInvoiceMail { get; set; }
    public bool TaxExempt { get; set; }
    public bool SeparateInvoices { get; set; }
    public bool NoAutoSuspend { get; set; }
    public bool GoodPayer { get; set; }
    public bool ApplyCredit { get; set; } = true;
    public bool Has1cReporting { get; set; }
    public bool Has1cEdo { get; set; }
    public bool Has1cCounterparty { get; set; }
    public DateOnly? KazakhstanPaidUntil { get; set; }
    public string Status { get; set; } = "active";
    public string Currency { get; set; } = "RUB";
    public string? DefaultPaymentMethod { get; set; }
    public decimal CreditBalance { get; set; }
    public string? AdminNotes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string DisplayName => CompanyName is { Length: > 0 } c ? $"{FirstName} {LastName} ({c})".Replace("  ", " ") : $"{FirstName} {LastName}".Trim();
}

/// <summary>
/// What a person asks to set on a client. A null member leaves the field as it is; for the optional text fields
/// an empty string clears it. Managers and the department are named by staff login and department name.
/// </summary>
public sealed record ClientChanges
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? CompanyName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Address1 { get; init; }
    public string? Address2 { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? Postcode { get; init; }
    public string? Country { get; init; }
    public string? PostalAddress { get; init; }
    public string? Inn { get; init; }
    public string? Kpp { get; init; }
    public string? RegistrationNumber { get; init; }
    public string? LicenceOwnershipForm { get; init; }
    public string? ContractorCode { get; init; }
    public string? SalesManager { get; init; }
    public string? PersonalManager { get; init; }
    public string? Office { get; init; }
    public string? Department { get; init; }
    public bool? IsLead { get; init; }
    public string? Utm { get; init; }
    public bool? NoLateFee { get; init; }
    public bool? NoOverdueNotices { get; init; }
    public bool? NoInvoiceMail { get; init; }
    public bool? TaxExempt { get; init; }
    public bool? SeparateInvoices { get; init; }
    public bool? NoAutoSuspend { get; init; }
    public bool? GoodPayer { get; init; }
    public bool? ApplyCredit { get; init; }
    public bool? Has1cReporting { get; init; }
    public bool? Has1cEdo { get; init; }
    public bool? Has1cCounterparty { get; init; }
    public DateOnly? KazakhstanPaidUntil { get; init; }
    public string? Status { get; init; }
    public string? DefaultPaymentMethod { get; init; }
    public string? AdminNotes { get; init; }
}

public sealed record ClientNote(long Id, int ClientId, string Author, DateTime CreatedAt, string Body, bool Important);

/// <summary>The figures seed 003 shows on a client's summary page.</summary>
public sealed record ClientSummary(
    Client Client,
    CountAndSum Paid,
    CountAndSum Unpaid,
    CountAndSum Cancelled,
    CountAndSum Refunded,
    CountAndSum Collections,
    decimal Income,
    decimal CreditBalance,
    IReadOnlyList<ServiceCount> Services,
    int TicketsOpen,
    int TicketsTotal,
    IReadOnlyList<ClientNote> ImportantNotes);

public sealed record CountAndSum(int Count, decimal Sum);

public sealed record ServiceCount(string Status, int Count);
