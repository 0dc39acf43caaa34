using BackOffice.Ledger.Clients;

namespace BackOffice.Web.Pages.Clients;

/// <summary>The client fields the edit page shows. Every field is posted: an emptied text clears it, as on the verb.</summary>
public sealed class ClientForm
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CompanyName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Address1 { get; set; }
    public string? Address2 { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? Postcode { get; set; }
    public string? Country { get; set; }
    public string? PostalAddress { get; set; }
    public string? Inn { get; set; }
    public string? Kpp { get; set; }
    public string? RegistrationNumber { get; set; }
    public string? ContractorCode { get; set; }
    public string? Status { get; set; }
    public string? DefaultPaymentMethod { get; set; }
    public string? AdminNotes { get; set; }
    public bool NoLateFee { get; set; }
    public bool NoOverdueNotices { get; set; }
    public bool NoInvoiceMail { get; set; }
    public bool TaxExempt { get; set; }
    public bool SeparateInvoices { get; set; }
    public bool NoAutoSuspend { get; set; }
    public bool GoodPayer { get; set; }
    public bool ApplyCredit { get; set; }

    public static ClientForm Of(Client c) => new()
    {
        FirstName = c.FirstName, LastName = c.LastName, CompanyName = c.CompanyName, Email = c.Email, Phone = c.Phone,
        Address1 = c.Address1, Address2 = c.Address2, City = c.City, Region = c.Region, Postcode = c.Postcode, Country = c.Country,
        PostalAddress = c.PostalAddress, Inn = c.Inn, Kpp = c.Kpp, RegistrationNumber = c.RegistrationNumber, ContractorCode = c.ContractorCode,
        Status = c.Status, DefaultPaymentMethod = c.DefaultPaymentMethod, AdminNotes = c.AdminNotes,
        NoLateFee = c.NoLateFee, NoOverdueNotices = c.NoOverdueNotices, NoInvoiceMail = c.NoInvoiceMail, TaxExempt = c.TaxExempt,
        SeparateInvoices = c.SeparateInvoices, NoAutoSuspend = c.NoAutoSuspend, GoodPayer = c.GoodPayer, ApplyCredit = c.ApplyCredit,
    };

    // A posted empty box is "" (clear it), never null (leave it): the form shows every field, so every field is meant.
    public ClientChanges ToChanges() => new()
    {
        FirstName = FirstName ?? "", LastName = LastName ?? "", CompanyName = CompanyName ?? "", Email = Email ?? "", Phone = Phone ?? "",
        Address1 = Address1 ?? "", Address2 = Address2 ?? "", City = City ?? "", Region = Region ?? "", Postcode = Postcode ?? "",
        Country = Country ?? "", PostalAddress = PostalAddress ?? "", Inn = Inn ?? "", Kpp = Kpp ?? "", RegistrationNumber = RegistrationNumber ?? "",
        ContractorCode = ContractorCode ?? "", Status = Status ?? "", DefaultPaymentMethod = DefaultPaymentMethod ?? "", AdminNotes = AdminNotes ?? "",
        NoLateFee = NoLateFee, NoOverdueNotices = NoOverdueNotices, NoInvoiceMail = NoInvoiceMail, TaxExempt = TaxExempt,
        SeparateInvoices = SeparateInvoices, NoAutoSuspend = NoAutoSuspend, GoodPayer = GoodPayer, ApplyCredit = ApplyCredit,
    };

    /// <summary>The form field an <see cref="BackOffice.Ledger.InvalidInput"/> names (its field is the verb's option name).</summary>
    public static string FieldOf(string field) => "Form." + field switch
    {
        "first-name" => nameof(FirstName),
        "last-name" => nameof(LastName),
        "email" => nameof(Email),
        "inn" => nameof(Inn),
        "kpp" => nameof(Kpp),
        "country" => nameof(Country),
        "status" => nameof(Status),
        _ => "",
    };
}
