namespace BackOffice.Ledger;

/// <summary>The refusals many ledger services share (what a request names does not exist, a value that does not read).</summary>
public static class Refusals
{
    public static readonly RefusalCode ClientMissing = new("client.missing");
    public static readonly RefusalCode InvoiceMissing = new("invoice.missing");
    public static readonly RefusalCode InvoiceIdMissing = new("invoice.id-missing");
    public static readonly RefusalCode StaffMissing = new("staff.missing");
    public static readonly RefusalCode StaffIdMissing = new("staff.id-missing");
    public static readonly RefusalCode DepartmentMissing = new("department.missing");
    public static readonly RefusalCode OrganisationMissing = new("organisation.missing");
    public static readonly RefusalCode ServiceMissing = new("service.missing");
    public static readonly RefusalCode NotADate = new("text.not-a-date");
    public static readonly RefusalCode NotAMonth = new("text.not-a-month");
    public static readonly RefusalCode NotAnAmount = new("text.not-an-amount");
}
