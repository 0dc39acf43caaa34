using System.ComponentModel.DataAnnotations;

namespace BackOffice.Sync.Accounting;

/// <summary>
/// BackOffice:Accounting — the 1C mirror (SPEC §2). Without <see cref="BaseUrl"/> the mirror is off; the defaults name
/// the objects of 1C:Бухгалтерия предприятия 3.0.
/// </summary>
public sealed class AccountingOptions
{
    public const string Section = "BackOffice:Accounting";

    /// <summary>The publication's standard OData root, e.g. https://1c.example/bp/odata/standard.odata/ (trailing slash kept).</summary>
    public string BaseUrl { get; set; } = "";

    public string User { get; set; } = "";
    public string Password { get; set; } = "";

    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Attempts at one outbox item before it becomes a sync problem (retried by <c>backoffice sync retry</c>).</summary>
    [Range(1, 1000)] public int MaxAttempts { get; set; } = 10;

    /// <summary>Invoices sent at once. 1C opens a session (and may take a licence) per call and locks per document type.</summary>
    [Range(1, 16)] public int Concurrency { get; set; } = 2;

    /// <summary>The 1C number of billing invoice N: the #s are N's digits, zero-padded; 11 characters in all for БП 3.0.</summary>
    [Required] public string NumberPattern { get; set; } = "ЛТ00-######";

    /// <summary>A paid invoice gets its «Реализация товаров и услуг» based on it.</summary>
    public bool CreateSalesDocuments { get; set; }

    /// <summary>Outbox items one run claims.</summary>
    [Range(1, 100000)] public int BatchSize { get; set; } = 500;

    /// <summary>The first pause after a failed attempt; it doubles with each attempt, up to an hour.</summary>
    [Range(0, 3600)] public double RetryDelaySeconds { get; set; } = 30;

    /// <summary>How long a claimed item is held: a relay that dies mid-call leaves it to the others after this.</summary>
    [Range(5, 86400)] public int LeaseSeconds { get; set; } = 300;

    public AccountingEntities Entities { get; set; } = new();

    /// <summary>Organisation code (organisations.code) → its 1C keys.</summary>
    public Dictionary<string, OrganisationKeys> Organisations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>VAT rate in percent → the СтавкиНДС enum value 1C writes.</summary>
    public Dictionary<string, string> VatRates { get; set; } = new(StringComparer.Ordinal)
    {
        ["0"] = "НДС0", ["10"] = "НДС10", ["18"] = "НДС18", ["20"] = "НДС20", ["22"] = "НДС22",
    };

    public string NoVat { get; set; } = "БезНДС";

    /// <summary>Product name → the Code of its Catalog_Номенклатура item (else products.onec_nomenclature_code, else the default).</summary>
    public Dictionary<string, string> Nomenclature { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The nomenclature Code for lines with no product (late fees, manual lines) or an unmapped product.</summary>
    public string DefaultNomenclature { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl);
}

public sealed class AccountingEntities
{
    public string Contractors { get; set; } = "Catalog_Контрагенты";
    public string Contracts { get; set; } = "Catalog_ДоговорыКонтрагентов";
    public string Nomenclature { get; set; } = "Catalog_Номенклатура";
    public string Invoice { get; set; } = "Document_СчетНаОплатуПокупателю";
    public string InvoiceLines { get; set; } = "Товары";
    public string Sales { get; set; } = "Document_РеализацияТоваровУслуг";
    public string SalesLines { get; set; } = "Услуги";
}

/// <summary>An issuing organisation in 1C: its Ref_Key, the bank account printed on invoices, and a fallback contract.</summary>
public sealed class OrganisationKeys
{
    public Guid? Key { get; set; }
    public Guid? BankAccountKey { get; set; }
    public Guid? DefaultContractKey { get; set; }
}
