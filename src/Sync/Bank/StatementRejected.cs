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

    private static string Compose(string reason, int? line, string? key) => (line, key) switch
    {
        (not null, not null) => $"line {line}, key {key}: {reason}",
        (not null, null) => $"line {line}: {reason}",
        (null, not null) => $"key {key}: {reason}",
        _ => reason,
    };
}
