namespace BackOffice.Import.Whmcs;

/// <summary>BackOffice:Import:Whmcs — how the company's WHMCS maps onto the ledger.</summary>
public sealed class WhmcsOptions
{
    public const string Section = "BackOffice:Import:Whmcs";

    /// <summary>Client custom fields by their WHMCS name (seed 003's names by default); an empty name leaves the field out.</summary>
    public WhmcsCustomFields CustomFields { get; set; } = new();

    /// <summary>The organisation (code) imported invoices are issued by; empty: the first organisation.</summary>
    public string Organisation { get; set; } = "";

    /// <summary>Rows written per transaction: an interrupted import keeps every whole chunk it committed.</summary>
    public int ChunkSize { get; set; } = 1000;
}

public sealed class WhmcsCustomFields
{
    public string Inn { get; set; } = "ИНН";
    public string Kpp { get; set; } = "КПП";
    public string ContractorCode { get; set; } = "Код контрагента в Юнион";
    /// <summary>The client's manager: the field holds a staff member's full name.</summary>
    public string Manager { get; set; } = "Менеджер приведший клиента";

    public IEnumerable<(string Key, string Name)> Named() =>
        new[] { ("Inn", Inn), ("Kpp", Kpp), ("ContractorCode", ContractorCode), ("Manager", Manager) }
            .Where(f => !string.IsNullOrWhiteSpace(f.Item2));
}
