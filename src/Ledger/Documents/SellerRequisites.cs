using BackOffice.Ledger.Organisations;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Documents;

/// <summary>
/// The seller's bank details the form and the QR print, checked when an invoice is published — a document whose
/// account the bank rejects is worse than none, and a client finds it out only when paying.
/// </summary>
public static class SellerRequisites
{
    public static readonly RefusalCode NoAccount = new("seller.no-account");
    public static readonly RefusalCode BikForm = new("seller.bik-form");
    public static readonly RefusalCode BankMissing = new("seller.bank-missing");
    public static readonly RefusalCode CorrAccountMissing = new("seller.corr-account-missing");
    public static readonly RefusalCode AccountCheckDigit = new("seller.account-check-digit");
    public static readonly RefusalCode CorrAccountCheckDigit = new("seller.corr-account-check-digit");
    /// <summary>
    /// Refuses (InvalidInput naming the field) an organisation whose invoice could not be printed with a payment QR a bank
    /// accepts: no account, a malformed БИК or account, a name the QR standard cannot carry.
    /// </summary>
    public static async Task CheckAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int organisationId, CancellationToken ct)
    {
        var org = await conn.QuerySingleAsync<(string Code, string FullName, string Inn, string? Kpp)>(new CommandDefinition(
            "select code, full_name, inn, kpp from organisations where id = @organisationId", new { organisationId }, tx, cancellationToken: ct));
        var accounts = (await conn.QueryAsync<(string Account, string Bic, string BankName, string? CorrAccount)>(new CommandDefinition(
            "select account, bic, bank_name, corr_account from organisation_bank_accounts where organisation_id = @organisationId order by id",
            new { organisationId }, tx, cancellationToken: ct))).Select(a => new BankAccount(a.Account, a.Bic, a.BankName, a.CorrAccount)).ToList();
        var bank = Check($"{org.Code} ({org.FullName})", accounts);
        // The names as the QR carries them, with a token amount: the invoice's own amount is checked when it is printed.
        PaymentQr.Payload(new InvoiceDocument(1, DateOnly.MinValue, DateOnly.MinValue, new Party(org.FullName, org.Inn, org.Kpp, null, null), bank,
            new Party("-", null, null, null, null), [], 1m, 0m, null, 0m));
    }

    /// <summary>The organisation's first account (the one its invoices print), or an error naming what is wrong.</summary>
    public static BankAccount Check(string organisation, IReadOnlyList<BankAccount> accounts)
    {
        if (accounts.Count == 0)
            throw new InvalidInput(NoAccount, "bank-account",
                $"Organisation {organisation} has no bank account, so its invoice cannot say where to pay: add one (`org account add`) before publishing.");
        var a = accounts[0];
        if (a.Bic.Length != 9 || !a.Bic.All(char.IsAsciiDigit) || !a.Bic.StartsWith("04", StringComparison.Ordinal))
            throw new InvalidInput(BikForm, "bik", $"Organisation {organisation}: the БИК '{a.Bic}' of account {a.Account} is not a Russian bank's БИК (9 digits starting 04).");
        if (string.IsNullOrWhiteSpace(a.BankName))
            throw new InvalidInput(BankMissing, "bank", $"Organisation {organisation}: account {a.Account} names no bank.");
        if (string.IsNullOrWhiteSpace(a.CorrAccount))
            throw new InvalidInput(CorrAccountMissing, "corr-account", $"Organisation {organisation}: account {a.Account} has no correspondent account of bank БИК {a.Bic}.");
        if (!KeyIsRight(a.Bic[^3..] , a.Account))
            throw new InvalidInput(AccountCheckDigit, "account", $"Organisation {organisation}: settlement account {a.Account} fails its check digit against БИК {a.Bic} (a typo in the account or the БИК).");
        if (!KeyIsRight("0" + a.Bic[4..6], a.CorrAccount))
            throw new InvalidInput(CorrAccountCheckDigit, "corr-account", $"Organisation {organisation}: correspondent account {a.CorrAccount} fails its check digit against БИК {a.Bic}.");
        return a;
    }

    /// <summary>
    /// The Bank of Russia's control key (Положение ЦБ № 579-П): the three digits before the 20-digit account, weights
    /// 7-1-3 repeated, the sum of the products' last digits ends in 0. A settlement account is keyed with the БИК's last
    /// three digits, a correspondent account with "0" and the БИК's 5th and 6th.
    /// </summary>
    public static bool KeyIsRight(string prefix, string account)
    {
        if (account.Length != 20 || !account.All(char.IsAsciiDigit)) return false;
        var digits = prefix + account;
        int[] weights = [7, 1, 3];
        var sum = 0;
        for (var i = 0; i < digits.Length; i++) sum += (digits[i] - '0') * weights[i % 3] % 10;
        return sum % 10 == 0;
    }
}
