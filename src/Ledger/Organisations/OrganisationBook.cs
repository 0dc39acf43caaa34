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

    /// <summary>
    /// Adds a settlement account to an organisation (by code or id), so statements for it are imported. An account belongs
    /// to one organisation only: one held already is refused, naming its holder.
    /// </summary>
    public async Task<BankAccount> AddAccountAsync(string organisation, BankAccount account, CancellationToken ct = default)
    {
        var number = account.Account.Trim();
        var bic = account.Bic.Trim();
        if (number.Length != 20 || !number.All(char.IsAsciiDigit))
            throw new InvalidInput("account", $"A settlement account is 20 digits, not '{account.Account}'.");
        if (bic.Length != 9 || !bic.All(char.IsAsciiDigit))
            throw new InvalidInput("bik", $"A БИК is 9 digits, not '{account.Bic}'.");
        if (string.IsNullOrWhiteSpace(account.BankName))
            throw new InvalidInput("bank", "Name the bank (--bank).");
        var corr = string.IsNullOrWhiteSpace(account.CorrAccount) ? null : account.CorrAccount.Trim();
        if (corr is not null && (corr.Length != 20 || !corr.All(char.IsAsciiDigit)))
            throw new InvalidInput("corr-account", $"A correspondent account is 20 digits, not '{account.CorrAccount}'.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var orgId = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            "select id from organisations where code = @organisation or id::text = @organisation order by code = @organisation desc limit 1",
            new { organisation = organisation.Trim() }, tx, cancellationToken: ct))
            ?? throw new NotFound($"There is no organisation '{organisation}' (give its code or id; see `org list`).");
        var holder = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            select o.code from organisation_bank_accounts a join organisations o on o.id = a.organisation_id where a.account = @number
            """, new { number }, tx, cancellationToken: ct));
        if (holder is not null)
            throw new Conflict($"Account {number} is held already by organisation {holder}.");
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into organisation_bank_accounts (organisation_id, account, bic, bank_name, corr_account)
            values (@orgId, @number, @bic, @bankName, @corr)
            """, new { orgId, number, bic, bankName = account.BankName.Trim(), corr }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new BankAccount(number, bic, account.BankName.Trim(), corr);
    }
}
