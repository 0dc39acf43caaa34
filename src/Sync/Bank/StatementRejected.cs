using BackOffice.Ledger;

namespace BackOffice.Sync.Bank;

/// <summary>
/// A statement file that cannot be imported. Files are imported whole or not at all, so one bad line rejects the file.
/// </summary>
public sealed class StatementRejected : Exception
{
    public StatementRejected(string reason, int? lineNumber = null, string? key = null, Exception? inner = null)
        : base(Compose(reason, lineNumber, key), inner)
    {
        Reason = reason;
        LineNumber = lineNumber;
        Key = key;
    }

    /// <summary>A rejection whose reason names its rule (<paramref name="code"/>) and keeps the values it names apart, for a screen in another language.</summary>
    public StatementRejected(RefusalCode code, RefusalText reason, int? lineNumber = null, string? key = null, Exception? inner = null)
        : this(reason.ToString(), lineNumber, key, inner)
    {
        Code = code;
        Arguments = reason.Arguments;
    }

    public static readonly RefusalCode NotADate = new("statement.not-a-date");
    public static readonly RefusalCode NotAnAmount = new("statement.not-an-amount");
    public static readonly RefusalCode NotAPayment = new("statement.not-a-payment");
    public static readonly RefusalCode AccountNotOurs = new("statement.account-not-ours");
    public static readonly RefusalCode Empty = new("statement.empty");
    public static readonly RefusalCode NotOneCFile = new("statement.not-1c-file");
    public static readonly RefusalCode NotKeyValue = new("statement.not-key-value");
    public static readonly RefusalCode Truncated = new("statement.truncated");
    public static readonly RefusalCode CsvMapMissing = new("statement.csv-map-missing");
    public static readonly RefusalCode NotATime = new("statement.not-a-time");
    public static readonly RefusalCode DocumentKindMissing = new("statement.document-kind-missing");
    public static readonly RefusalCode EndClosesNothing = new("statement.end-closes-nothing");
    public static readonly RefusalCode SectionLeftOpen = new("statement.section-left-open");
    public static readonly RefusalCode TruncatedInSection = new("statement.truncated-in-section");
    public static readonly RefusalCode NulCharacter = new("statement.nul-character");
    public static readonly RefusalCode MixedEncodings = new("statement.mixed-encodings");
    public static readonly RefusalCode Utf16 = new("statement.utf-16");
    public static readonly RefusalCode BinaryNul = new("statement.binary-nul");
    public static readonly RefusalCode BinaryControls = new("statement.binary-controls");
    public static readonly RefusalCode SecondStart = new("statement.second-start");
    public static readonly RefusalCode CsvHeaderUnreadable = new("statement.csv-header-unreadable");
    public static readonly RefusalCode CsvColumnMissing = new("statement.csv-column-missing");
    public static readonly RefusalCode CsvNoDate = new("statement.csv-no-date");
    public static readonly RefusalCode CsvNoAmount = new("statement.csv-no-amount");
    public static readonly RefusalCode CsvNoAmountInColumns = new("statement.csv-no-amount-in-columns");
    public static readonly RefusalCode CsvAmountsInBoth = new("statement.csv-amounts-in-both");
    public static readonly RefusalCode CsvNotADate = new("statement.csv-not-a-date");

    /// <summary>The rule that rejected the file; null for a reason that has no other language yet.</summary>
    public RefusalCode? Code { get; }

    /// <summary>The values the reason names, in the order it names them.</summary>
    public IReadOnlyList<string> Arguments { get; } = [];

    private StatementRejected(string message, string reason, int? lineNumber, string? key)
        : base(message)
    {
        Reason = reason;
        LineNumber = lineNumber;
        Key = key;
    }

    public string Reason { get; }

    /// <summary>1-based line in the file (for CSV: the line where the row starts).</summary>
    public int? LineNumber { get; }

    /// <summary>The key (1C format) or column (CSV) whose value was refused.</summary>
    public string? Key { get; }

    /// <summary>A CSV row names its data row first: "row 3 (line 4), column 'Сумма': '12,3x' is not an amount".</summary>
    public static StatementRejected CsvRow(long row, int line, string column, string reason) =>
        new($"row {row} (line {line}), column '{column}': {reason}", reason, line, column);

    /// <summary>The same, the reason naming its rule.</summary>
    public static StatementRejected CsvRow(long row, int line, string column, RefusalCode code, RefusalText reason) =>
        new($"row {row} (line {line}), column '{column}': {reason}", reason.ToString(), line, column, code, reason.Arguments);

    private StatementRejected(string message, string reason, int? lineNumber, string? key, RefusalCode code, IReadOnlyList<string> arguments)
        : this(message, reason, lineNumber, key)
    {
        Code = code;
        Arguments = arguments;
    }

    private static string Compose(string reason, int? line, string? key) => (line, key) switch
    {
        (not null, not null) => $"line {line}, key {key}: {reason}",
        (not null, null) => $"line {line}: {reason}",
        (null, not null) => $"key {key}: {reason}",
        _ => reason,
    };
}
