namespace BackOffice.Sync.Bank;

/// <summary>A balance section's own totals against the sum of the statement's documents.</summary>
public sealed record BalanceCheckResult
{
    public required BalanceSection Section { get; init; }

    public decimal? ExpectedIn { get; init; }

    public decimal ComputedIn { get; init; }

    public int DocumentsIn { get; init; }

    public decimal? ExpectedOut { get; init; }

    public decimal ComputedOut { get; init; }

    public int DocumentsOut { get; init; }

    /// <summary>Computed minus expected; null when the section gives no total.</summary>
    public decimal? DifferenceIn => ExpectedIn is { } expected ? ComputedIn - expected : null;

    public decimal? DifferenceOut => ExpectedOut is { } expected ? ComputedOut - expected : null;

    /// <summary>Opening + in − out − closing, from the section's own figures; null when one of them is missing.</summary>
    public decimal? ClosingDifference =>
        Section is { OpeningBalance: { } opening, TotalIn: { } totalIn, TotalOut: { } totalOut, ClosingBalance: { } closing }
            ? opening + totalIn - totalOut - closing
            : null;

    public bool Agrees => DifferenceIn is null or 0 && DifferenceOut is null or 0 && ClosingDifference is null or 0;
}

/// <summary>
/// Adds up documents per account and day as they stream past, so a large statement can be checked without keeping
/// its documents. A document counts for a section when the section's account is its recipient's (in) or payer's
/// (out) and its execution date falls within the section's dates.
/// When a statement is about a single account, documents naming that account on neither side (public samples
/// anonymise accounts; transit accounts do the same) count by the date the bank filled: ДатаСписано only → out,
/// ДатаПоступило only → in — the tie-breaker 1C itself uses.
/// </summary>
public sealed class BalanceTally
{
    private readonly HashSet<string> statementAccounts = new(StringComparer.Ordinal);
    private readonly List<BalanceSection> sections = [];
    private readonly Dictionary<(string? Account, bool In, DateOnly Day), (decimal Sum, int Count)> sums = [];

    public BalanceTally(StatementHeader header)
    {
        statementAccounts.UnionWith(header.Accounts);
    }

    public void Add(BalanceSection section)
    {
        sections.Add(section);
        if (section.Account is not null)
        {
            statementAccounts.Add(section.Account);
        }
    }

    public void Add(BankDocument document)
    {
        var counted = false;
        if (document.Recipient.Account is { } recipient && statementAccounts.Contains(recipient))
        {
            Count(recipient, incoming: true, document.ExecutionDateFor(Direction.Incoming), document.Amount);
            counted = true;
        }

        if (document.Payer.Account is { } payer && statementAccounts.Contains(payer))
        {
            Count(payer, incoming: false, document.ExecutionDateFor(Direction.Outgoing), document.Amount);
            counted = true;
        }

        if (!counted && (document.ReceivedDate is null) != (document.WrittenOffDate is null))
        {
            var incoming = document.ReceivedDate is not null;
            Count(null, incoming, document.ExecutionDateFor(incoming ? Direction.Incoming : Direction.Outgoing), document.Amount);
        }
    }

    public IReadOnlyList<BalanceCheckResult> Results()
    {
        var singleAccount = statementAccounts.Count == 1;
        return sections.Select(section => Check(section, singleAccount)).ToList();
    }

    private void Count(string? account, bool incoming, DateOnly day, decimal amount)
    {
        ref var total = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, (account, incoming, day), out _);
        total = (total.Sum + amount, total.Count + 1);
    }

    private BalanceCheckResult Check(BalanceSection section, bool singleAccount)
    {
        decimal computedIn = 0, computedOut = 0;
        int countIn = 0, countOut = 0;
        foreach (var ((account, incoming, day), (sum, count)) in sums)
        {
            var ours = account is null ? singleAccount : account == section.Account;
            if (!ours || day < (section.DateFrom ?? DateOnly.MinValue) || day > (section.DateTo ?? DateOnly.MaxValue))
            {
                continue;
            }

            if (incoming)
            {
                computedIn += sum;
                countIn += count;
            }
            else
            {
                computedOut += sum;
                countOut += count;
            }
        }

        return new BalanceCheckResult
        {
            Section = section,
            ExpectedIn = section.TotalIn,
            ComputedIn = computedIn,
            DocumentsIn = countIn,
            ExpectedOut = section.TotalOut,
            ComputedOut = computedOut,
            DocumentsOut = countOut,
        };
    }
}
