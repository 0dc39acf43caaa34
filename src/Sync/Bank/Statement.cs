namespace BackOffice.Sync.Bank;

/// <summary>What a statement file is made of, in file order: the header, balance sections, documents.</summary>
public abstract class StatementItem
{
    /// <summary>1-based line where the item starts in the file.</summary>
    public required int LineNumber { get; init; }
}

/// <summary>The lines before the first section (and header keys found between sections).</summary>
public sealed class StatementHeader : StatementItem
{
    internal List<string> AccountList { get; } = [];

    internal List<string> DocumentKindList { get; } = [];

    internal List<string> WarningList { get; } = [];

    /// <summary>
    /// What the parser tolerated because it carries no money (a stray line between sections, a period date that is not
    /// a date), each naming its line. Filled while the file is read: complete once the last item is read.
    /// </summary>
    public IReadOnlyList<string> Warnings => WarningList;

    public string? FormatVersion { get; internal set; }

    /// <summary>What the file claims in <c>Кодировка=</c>; often wrong, never used to decode.</summary>
    public string? DeclaredEncoding { get; internal set; }

    /// <summary>The encoding the bytes were decoded with: "windows-1251", "cp866" or "utf-8".</summary>
    public required string DetectedEncoding { get; init; }

    public string? Sender { get; internal set; }

    public string? Receiver { get; internal set; }

    public DateOnly? CreatedOn { get; internal set; }

    public TimeOnly? CreatedAt { get; internal set; }

    public DateOnly? PeriodFrom { get; internal set; }

    public DateOnly? PeriodTo { get; internal set; }

    /// <summary>The header's <c>РасчСчет=</c> lines, in file order, without duplicates.</summary>
    public IReadOnlyList<string> Accounts => AccountList;

    /// <summary>The header's <c>Документ=</c> filter lines.</summary>
    public IReadOnlyList<string> DocumentKinds => DocumentKindList;
}

/// <summary>A whole statement in memory: for small files. Large files should be read item by item.</summary>
public sealed class Statement
{
    public required StatementHeader Header { get; init; }

    public required IReadOnlyList<BalanceSection> Balances { get; init; }

    public required IReadOnlyList<BankDocument> Documents { get; init; }

    /// <summary>Every account the statement is about: header accounts, then balance-section accounts.</summary>
    public IReadOnlySet<string> StatementAccounts()
    {
        var accounts = new HashSet<string>(Header.Accounts, StringComparer.Ordinal);
        foreach (var balance in Balances)
        {
            if (balance.Account is not null)
            {
                accounts.Add(balance.Account);
            }
        }

        return accounts;
    }

    public IReadOnlyList<BalanceCheckResult> CheckBalances()
    {
        var tally = new BalanceTally(Header);
        foreach (var balance in Balances)
        {
            tally.Add(balance);
        }

        foreach (var document in Documents)
        {
            tally.Add(document);
        }

        return tally.Results();
    }
}

/// <summary>One <c>СекцияРасчСчет</c>: balances and turnover of one account for a period.</summary>
public sealed class BalanceSection : StatementItem
{
    public string? Account { get; init; }

    public DateOnly? DateFrom { get; init; }

    public DateOnly? DateTo { get; init; }

    public decimal? OpeningBalance { get; init; }

    /// <summary><c>ВсегоПоступило</c>.</summary>
    public decimal? TotalIn { get; init; }

    /// <summary><c>ВсегоСписано</c>.</summary>
    public decimal? TotalOut { get; init; }

    public decimal? ClosingBalance { get; init; }
}
