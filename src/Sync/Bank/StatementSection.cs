using BackOffice.Ledger;

namespace BackOffice.Sync.Bank;

/// <summary>The key=value lines of one open section, turned into a balance section or a document when it closes.</summary>
internal sealed class StatementSection
{
    private readonly List<(string Key, string Value, int Line)> lines = [];

    public string Marker { get; private set; } = "";

    public string? Kind { get; private set; }

    public int StartLine { get; private set; }

    /// <summary>One instance serves every section of a file in turn, so its line buffer is not reallocated per document.</summary>
    public StatementSection Start(string marker, string? kind, int startLine)
    {
        Marker = marker;
        Kind = kind;
        StartLine = startLine;
        lines.Clear();
        return this;
    }

    public bool IsDocument => Marker == StatementKeys.DocumentStart;

    public void Add(string key, string value, int line) => lines.Add((key, value, line));

    /// <summary>A continuation line belongs to the value of the key just above it.</summary>
    public void Continue(string text)
    {
        var last = lines[^1];
        lines[^1] = (last.Key, last.Value.Length == 0 ? text : last.Value + " " + text, last.Line);
    }

    public BalanceSection ToBalance()
    {
        var fields = Fields();
        return new BalanceSection
        {
            LineNumber = StartLine,
            Account = Text(fields, StatementKeys.Account),
            DateFrom = OptionalDate(fields, StatementKeys.DateFrom),
            DateTo = OptionalDate(fields, StatementKeys.DateTo),
            OpeningBalance = OptionalAmount(fields, StatementKeys.OpeningBalance),
            TotalIn = OptionalAmount(fields, StatementKeys.TotalIn),
            TotalOut = OptionalAmount(fields, StatementKeys.TotalOut),
            ClosingBalance = OptionalAmount(fields, StatementKeys.ClosingBalance),
        };
    }

    public BankDocument ToDocument()
    {
        var fields = Fields();
        return new BankDocument
        {
            LineNumber = StartLine,
            Kind = Kind ?? "",
            Number = Text(fields, StatementKeys.Number) ?? "",
            Date = OptionalDate(fields, StatementKeys.Date) ?? throw Missing(StatementKeys.Date, "the document has no date"),
            Amount = PaymentAmount(fields),
            Payer = PartyDetails.Read(fields, PartyKeys.Payer),
            Recipient = PartyDetails.Read(fields, PartyKeys.Recipient),
            Purpose = Purpose(fields),
            WrittenOffDate = OptionalDate(fields, StatementKeys.WrittenOffDate),
            ReceivedDate = OptionalDate(fields, StatementKeys.ReceivedDate),
            Fields = fields,
        };
    }

    /// <summary>
    /// The purpose is <c>НазначениеПлатежа</c> with its continuation lines. <c>НазначениеПлатежа1..6</c> usually
    /// repeat it split into lines (OCA, dronm samples), so they are used only when the main key is empty.
    /// </summary>
    private static string Purpose(IReadOnlyDictionary<string, string> fields)
    {
        var main = Text(fields, StatementKeys.Purpose);
        if (main is not null)
        {
            return main;
        }

        var parts = StatementKeys.PurposeLines.Select(key => Text(fields, key)).OfType<string>();
        return string.Join(' ', parts);
    }

    private Dictionary<string, string> Fields()
    {
        var fields = new Dictionary<string, string>(lines.Count, StringComparer.Ordinal);
        foreach (var (key, value, _) in lines)
        {
            fields.TryAdd(key, value);
        }

        return fields;
    }

    private static string? Text(IReadOnlyDictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    private DateOnly? OptionalDate(IReadOnlyDictionary<string, string> fields, string key)
    {
        if (Text(fields, key) is not { } text)
        {
            return null;
        }

        return StatementValues.TryParseDate(text, "dd.MM.yyyy", out var date)
            ? date
            : throw Refused(key, StatementRejected.NotADate, $"'{text}' is not a date (dd.MM.yyyy)");
    }

    private decimal? OptionalAmount(IReadOnlyDictionary<string, string> fields, string key)
    {
        if (Text(fields, key) is not { } text)
        {
            return null;
        }

        return StatementValues.TryParseAmount(text, '.', out var amount)
            ? amount
            : throw Refused(key, StatementRejected.NotAnAmount, $"'{text}' is not an amount");
    }

    /// <summary>A payment moves more than nothing: a zero or negative Сумма is a corrupted document, never flipped or skipped.</summary>
    private decimal PaymentAmount(IReadOnlyDictionary<string, string> fields)
    {
        var amount = OptionalAmount(fields, StatementKeys.Amount) ?? throw Missing(StatementKeys.Amount, "the document has no amount");
        return amount > 0 ? amount : throw Refused(StatementKeys.Amount, StatementRejected.NotAPayment, $"'{fields[StatementKeys.Amount]}' is not a payment: Сумма must be more than zero");
    }

    private StatementRejected Refused(string key, RefusalCode code, RefusalText reason)
    {
        var line = lines.First(l => l.Key == key).Line;
        return new StatementRejected(code, reason, line, key);
    }

    private StatementRejected Missing(string key, string reason) =>
        new($"{reason} ({Marker} starting at line {StartLine} has no {key})", StartLine, key);
}
