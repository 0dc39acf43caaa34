using System.ComponentModel.DataAnnotations;

namespace BackOffice.Ledger.Billing;

/// <summary>
/// BackOffice:Billing — renewal lead time and the overdue steps (SPEC §1). Every step is off at 0. Days count from the
/// invoice's due date: a reminder N days before it, notices and the rest N days after it.
/// </summary>
public sealed record BillingOptions
{
    public const string Section = "BackOffice:Billing";

    [Range(0, 365)] public int RenewalDaysBefore { get; set; } = RenewalInvoicer.DefaultDaysBefore;

    [Range(0, 365)] public int ReminderDaysBefore { get; set; } = 3;
    [Range(0, 365)] public int FirstNoticeDays { get; set; } = 1;
    [Range(0, 365)] public int SecondNoticeDays { get; set; } = 7;
    [Range(0, 365)] public int ThirdNoticeDays { get; set; } = 14;

    /// <summary>percent or fixed.</summary>
    [RegularExpression("^(percent|fixed)$")] public string LateFeeKind { get; set; } = "percent";
    [Range(0, 1_000_000)] public decimal LateFeeValue { get; set; }
    [Range(0, 1_000_000)] public decimal LateFeeMinimum { get; set; }
    [Range(0, 365)] public int LateFeeDays { get; set; } = 10;

    [Range(0, 3650)] public int SuspendDays { get; set; } = 20;
    [Range(0, 3650)] public int TerminateDays { get; set; }

    /// <summary>For a fresh install: the first published invoice number (the one after the company's last in 1C).</summary>
    [Range(1, InvoiceNumbering.Largest)] public long? FirstInvoiceNumber { get; set; }

    /// <summary>The domain of the Message-ID of queued notices.</summary>
    [Required] public string MailDomain { get; set; } = "backoffice.local";

    /// <summary>The same rules as the attributes, for callers that build options by hand; names the key at fault.</summary>
    public void EnsureValid()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            var r = results[0];
            throw new InvalidInput(string.Join(",", r.MemberNames), $"{Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}");
        }
    }
}
