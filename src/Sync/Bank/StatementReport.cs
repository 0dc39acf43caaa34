namespace BackOffice.Sync.Bank;

/// <summary>What <c>bank parse --json</c> prints: a statement, its balance checks and its documents, as plain data.</summary>
public sealed record StatementReport
{
    public required StatementReportHeader Header { get; init; }

    public required IReadOnlyList<BalanceReport> Balances { get; init; }

    public required int DocumentCount { get; init; }

    public required IReadOnlyList<DocumentReport> Documents { get; init; }

    /// <summary>What the parser tolerated (no money in it), each naming its line.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Builds the report. Without own accounts, the statement's own accounts (header and balance sections) decide
    /// the direction of each document.
    /// </summary>
    public static StatementReport From(Statement statement, IReadOnlySet<string>? ownAccounts = null)
    {
        var accounts = ownAccounts ?? statement.StatementAccounts();
        return new StatementReport
        {
            Header = StatementReportHeader.From(statement.Header),
            Balances = statement.CheckBalances().Select(BalanceReport.From).ToList(),
            DocumentCount = statement.Documents.Count,
            Documents = statement.Documents.Select(document => DocumentReport.From(document, accounts)).ToList(),
            Warnings = statement.Header.Warnings.ToList(),
        };
    }
}

public sealed record StatementReportHeader(
    string? FormatVersion,
    string DetectedEncoding,
    string? DeclaredEncoding,
    string? Sender,
    string? Receiver,
    DateOnly? CreatedOn,
    string? CreatedAt,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    IReadOnlyList<string> Accounts)
{
    public static StatementReportHeader From(StatementHeader header) => new(
        header.FormatVersion,
        header.DetectedEncoding,
        header.DeclaredEncoding,
        header.Sender,
        header.Receiver,
        header.CreatedOn,
        header.CreatedAt?.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        header.PeriodFrom,
        header.PeriodTo,
        header.Accounts.ToList());
}

public sealed record BalanceReport(
    int Line,
    string? Account,
    DateOnly? DateFrom,
    DateOnly? DateTo,
    decimal? OpeningBalance,
    decimal? ClosingBalance,
    decimal? ExpectedIn,
    decimal ComputedIn,
    decimal? DifferenceIn,
    int DocumentsIn,
    decimal? ExpectedOut,
    decimal ComputedOut,
    decimal? DifferenceOut,
    int DocumentsOut,
    decimal? ClosingDifference,
    bool Agrees)
{
    public static BalanceReport From(BalanceCheckResult check) => new(
        check.Section.LineNumber,
        check.Section.Account,
        check.Section.DateFrom,
        check.Section.DateTo,
        check.Section.OpeningBalance,
        check.Section.ClosingBalance,
        check.ExpectedIn,
        check.ComputedIn,
        check.DifferenceIn,
        check.DocumentsIn,
        check.ExpectedOut,
        check.ComputedOut,
        check.DifferenceOut,
        check.DocumentsOut,
        check.ClosingDifference,
        check.Agrees);
}

public sealed record PartyReport(string? Name, string? Inn, string? Kpp, string? Account, string? Bic, string? BankName)
{
    public static PartyReport From(Party party) =>
        new(party.Name, party.Inn, party.Kpp, party.Account, party.Bic, party.BankName);
}

public sealed record DocumentReport(
    int Line,
    string Kind,
    string Number,
    DateOnly Date,
    decimal Amount,
    Direction Direction,
    DateOnly ExecutionDate,
    PartyReport Payer,
    PartyReport Recipient,
    string Purpose,
    IReadOnlyList<string> InvoiceNumbers)
{
    public static DocumentReport From(BankDocument document, IReadOnlySet<string> ownAccounts)
    {
        var direction = document.DirectionFor(ownAccounts);
        return new DocumentReport(
            document.LineNumber,
            document.Kind,
            document.Number,
            document.Date,
            document.Amount,
            direction,
            document.ExecutionDateFor(direction),
            PartyReport.From(document.Payer),
            PartyReport.From(document.Recipient),
            document.Purpose,
            InvoiceNumberExtractor.Extract(document.Purpose));
    }
}
