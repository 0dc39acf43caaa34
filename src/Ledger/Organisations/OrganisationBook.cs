using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Organisations;

public sealed record BankAccount(string Account, string Bic, string BankName, string? CorrAccount);

/// <summary>A legal entity that issues invoices; the invoice's payment method picks it.</summary>
public sealed record Organisation(int Id, string Code, string Name, string FullName, string Inn, string? Kpp, string VatMode,
    string PaymentMethod, Guid? OnecKey)
{
    public IReadOnlyList<BankAccount> BankAccounts { get; init; } = [];
}

public sealed class OrganisationBook(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<Organisation>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var orgs = (await conn.QueryAsync<Organisation>(new CommandDefinition(
            "select id, code, name, full_name, inn, kpp, vat_mode, payment_method, onec_key from organisations order by id",
            cancellationToken: ct))).ToList();
        var accounts = (await conn.QueryAsync<(int OrganisationId, string Account, string Bic, string BankName, string? CorrAccount)>(
            new CommandDefinition("select organisation_id, account, bic, bank_name, corr_account from organisation_bank_accounts order by id",
                cancellationToken: ct))).ToLookup(a => a.OrganisationId);
        return orgs.Select(o => o with
        {
            BankAccounts = accounts[o.Id].Select(a => new BankAccount(a.Account, a.Bic, a.BankName, a.CorrAccount)).ToList(),
        }).ToList();
    }
}
