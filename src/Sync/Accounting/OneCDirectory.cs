using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace BackOffice.Sync.Accounting;

/// <summary>Why a client's invoices wait: what is wrong with its contractor in 1C, and what to do about it.</summary>
public sealed record ClientProblem(string Kind, string Message, string Fix);

public sealed class ContractorProblem(ClientProblem problem) : Exception(problem.Message)
{
    public ClientProblem Problem { get; } = problem;
}

/// <summary>An invoice 1C cannot take as it stands, and retrying will not change that; it becomes a sync problem at once.</summary>
public sealed class MirrorRefused(string message) : Exception(message);

/// <summary>The contractor and the contract an invoice is written on.</summary>
public sealed record Counterparty(Guid ContractorKey, Guid ContractKey);

/// <summary>
/// What the relay reads from 1C's catalogues during one run, read once per run: contractors by Code (checked against the
/// client's ИНН/КПП, never created), contracts with the buyer per organisation, nomenclature by Code.
/// </summary>
public sealed class OneCDirectory(OneCClient client, AccountingOptions options)
{
    readonly ConcurrentDictionary<string, Lazy<Task<JsonObject?>>> _contractors = new();
    readonly ConcurrentDictionary<(Guid, Guid), Lazy<Task<Guid?>>> _contracts = new();
    readonly ConcurrentDictionary<string, Lazy<Task<Guid?>>> _nomenclature = new();

    public Guid OrganisationKey(InvoiceHead head) =>
        (options.Organisations.TryGetValue(head.OrganisationCode, out var keys) ? keys.Key : null) ?? head.OrganisationKey
        ?? throw new OneCException(OneCFailureKind.Configuration,
            $"Organisation {head.OrganisationCode} has no 1C key: set {AccountingOptions.Section}:Organisations:{head.OrganisationCode}:Key to its Ref_Key in Catalog_Организации.");

    public Guid? BankAccountKey(InvoiceHead head) =>
        options.Organisations.TryGetValue(head.OrganisationCode, out var keys) ? keys.BankAccountKey : null;

    public async Task<Counterparty> CounterpartyAsync(InvoiceHead head, Guid organisationKey, CancellationToken ct)
    {
        var edit = $"backoffice client edit {head.ClientId} --contractor-code <Code>";
        var code = head.ContractorCode?.Trim();
        if (string.IsNullOrEmpty(code))
            throw Problem("no_code", $"Client #{head.ClientId} «{head.ClientName}» has no Union contractor code.",
                $"Set the Code of the client's contractor in 1C: {edit}.");

        var contractor = await Once(_contractors, code, () => FindContractorAsync(code, ct));
        if (contractor is null)
            throw Problem("unknown_code", $"Client #{head.ClientId} «{head.ClientName}»: 1C has no contractor with Code «{code}» in {client.Contractors.Name}.",
                $"Correct the code ({edit}) or ask the accountants to create the contractor in 1C; it is never created from here.");

        var (inn, kpp) = (OData.String(contractor, "ИНН")?.Trim() ?? "", OData.String(contractor, "КПП")?.Trim() ?? "");
        var (clientInn, clientKpp) = (head.Inn?.Trim() ?? "", head.Kpp?.Trim() ?? "");
        if (inn != clientInn || (kpp.Length > 0 && clientKpp.Length > 0 && kpp != clientKpp))
            throw Problem("inn_mismatch",
                $"Client #{head.ClientId} «{head.ClientName}»: the 1C contractor «{code}» has ИНН {Shown(inn)}{(kpp.Length > 0 ? $" КПП {kpp}" : "")}, the client has ИНН {Shown(clientInn)}{(clientKpp.Length > 0 ? $" КПП {clientKpp}" : "")}.",
                $"Correct the client's ИНН/КПП or its contractor code ({edit}), whichever is wrong.");

        var contractorKey = OData.Key(contractor, "Ref_Key")!.Value;
        var contract = await Once(_contracts, (contractorKey, organisationKey), () => FindContractAsync(contractorKey, organisationKey, ct))
                       ?? (options.Organisations.TryGetValue(head.OrganisationCode, out var keys) ? keys.DefaultContractKey : null);
        if (contract is null)
            throw Problem("no_contract",
                $"Client #{head.ClientId} «{head.ClientName}»: the 1C contractor «{code}» has no contract with the buyer (СПокупателем) for organisation {head.OrganisationCode}.",
                $"Ask the accountants to create the contract in 1C, or set {AccountingOptions.Section}:Organisations:{head.OrganisationCode}:DefaultContractKey.");
        return new Counterparty(contractorKey, contract.Value);
    }

    public async Task<Guid> NomenclatureAsync(int? productId, IReadOnlyDictionary<int, ProductMapping> products, CancellationToken ct)
    {
        var product = productId is { } id && products.TryGetValue(id, out var p) ? p : null;
        if (product?.OnecNomenclatureKey is { } direct) return direct;
        var code = product is not null && options.Nomenclature.TryGetValue(product.Name, out var mapped) ? mapped
            : product?.OnecNomenclatureCode ?? "";
        if (string.IsNullOrWhiteSpace(code)) code = options.DefaultNomenclature;
        if (string.IsNullOrWhiteSpace(code))
            throw new MirrorRefused(product is null
                ? $"A line without a product has no 1C nomenclature: set {AccountingOptions.Section}:DefaultNomenclature."
                : $"Product «{product.Name}» has no 1C nomenclature: set {AccountingOptions.Section}:Nomenclature:{product.Name} (or DefaultNomenclature).");
        return await Once(_nomenclature, code, async () =>
                   OData.Key((await client.QueryAsync(client.Nomenclature, "Code eq " + OData.Text(code), ct, "Ref_Key,Code", 1)).FirstOrDefault(), "Ref_Key"))
               ?? throw new MirrorRefused($"1C has no nomenclature with Code «{code}» in {client.Nomenclature.Name}: fix {AccountingOptions.Section}:Nomenclature (or the product's code).");
    }

    async Task<JsonObject?> FindContractorAsync(string code, CancellationToken ct) =>
        (await client.QueryAsync(client.Contractors, $"Code eq {OData.Text(code)} and DeletionMark eq false", ct, "Ref_Key,Code,Description,ИНН,КПП", 2))
        .FirstOrDefault();

    async Task<Guid?> FindContractAsync(Guid contractor, Guid organisation, CancellationToken ct) =>
        OData.Key((await client.QueryAsync(client.Contracts,
            $"Owner_Key eq {OData.Guid(contractor)} and Организация_Key eq {OData.Guid(organisation)} and ВидДоговора eq 'СПокупателем' and DeletionMark eq false",
            ct, "Ref_Key,Description", 1)).FirstOrDefault(), "Ref_Key");

    static async Task<T> Once<TKey, T>(ConcurrentDictionary<TKey, Lazy<Task<T>>> cache, TKey key, Func<Task<T>> load) where TKey : notnull
    {
        var lazy = cache.GetOrAdd(key, _ => new Lazy<Task<T>>(load));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<TKey, Lazy<Task<T>>>(key, lazy)); // a failed read is not remembered
            throw;
        }
    }

    static ContractorProblem Problem(string kind, string message, string fix) => new(new ClientProblem(kind, message, fix));

    static string Shown(string inn) => inn.Length == 0 ? "(none)" : inn;
}
