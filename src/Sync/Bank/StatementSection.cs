using System.Collections.Frozen;
using BackOffice.Ledger;

namespace BackOffice.Sync.Bank;

/// <summary>
/// The key=value lines of one open section, turned into a balance section or a document when it closes. The keys a
/// document or balance is built from are kept in slots (first occurrence wins, as in <see cref="BankDocument.Fields"/>);
/// every line is kept too only when the reader wants <see cref="BankDocument.Fields"/>, so a reader that does not
/// turns into strings just the values it uses.
/// </summary>
internal sealed class StatementSection(bool keepAllFields)
{
    /// <summary>The keys read by <see cref="ToDocument"/>, <see cref="ToBalance"/> and <see cref="PartyDetails"/>.</summary>
    private static readonly string[] UsedKeys =
    [
        StatementKeys.Account, StatementKeys.DateFrom, StatementKeys.DateTo, StatementKeys.OpeningBalance, StatementKeys.TotalIn,
        StatementKeys.TotalOut, StatementKeys.ClosingBalance, StatementKeys.Number, StatementKeys.Date, StatementKeys.Amount,
        StatementKeys.WrittenOffDate, StatementKeys.ReceivedDate, StatementKeys.Purpose, .. StatementKeys.PurposeLines,
        .. PartyKeys.Payer.All, .. PartyKeys.Recipient.All,
    ];

    private static readonly FrozenDictionary<string, int> SlotOf =
        UsedKeys.Select((key, slot) => (key, slot)).ToFrozenDictionary(k => k.key, k => k.slot, StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, string> NoFields = FrozenDictionary<string, string>.Empty;

    private readonly List<(string Key, string Value, int Line)> lines = [];

    // Line 0 marks an empty slot: a section's lines are numbered from 2 on.
    private readonly (string Value, int Line)[] slots = new (string, int)[UsedKeys.Length];

    /// <summary>The slot the last line filled, for its continuation lines; -1 when it filled none.</summary>
    private int lastSlot = -1;

    public string Marker { get; private set; } = "";

    public string? Kind { get; private set; }

    public int StartLine { get; private set; }

    /// <summary>One instance serves every section of a file in turn, so its buffers are not reallocated per document.</summary>
    public StatementSection Start(string marker, string? kind, int startLine)
    {
        Marker = marker;
        Kind = kind;
        StartLine = startLine;
        lines.Clear();
        Array.Clear(slots);
        lastSlot = -1;
        return this;
    }

    public bool IsDocument => Marker == StatementKeys.DocumentStart;

    public void Add(string key, ReadOnlySpan<char> value, int line)
    {
        lastSlot = -1;
        string? text = null;
        if (SlotOf.TryGetValue(key, out var slot) && slots[slot].Line == 0)
        {
            text = value.IsEmpty ? "" : value.ToString();
            slots[slot] = (text, line);
            lastSlot = slot;
        }

        if (keepAllFields)
        {
            lines.Add((key, text ?? value.ToString(), line));
        }
    }

    /// <summary>A continuation line belongs to the value of the key just above it.</summary>
    public void Continue(ReadOnlySpan<char> text)
    {
        var continued = default(string);
        if (keepAllFields)
        {
            var last = lines[^1];
            continued = last.Value.Length == 0 ? text.ToString() : string.Concat(last.Value, " ", text);
            lines[^1] = (last.Key, continued, last.Line);
        }

        if (lastSlot >= 0)
        {
            var (value, line) = slots[lastSlot];
            slots[lastSlot] = (continued ?? (value.Length == 0 ? text.ToString() : string.Concat(value, " ", text)), line);
        }
    }

    /// <summary>The value of a key, null when the key is missing or empty.</summary>
    public string? Text(string key)
    {
        var value = slots[SlotOf[key]].Value;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public BalanceSection ToBalance() => new()
    {
        LineNumber = StartLine,
        Account = Text(StatementKeys.Account),
        DateFrom = OptionalDate(StatementKeys.DateFrom),
        DateTo = OptionalDate(StatementKeys.DateTo),
        OpeningBalance = OptionalAmount(StatementKeys.OpeningBalance),
        TotalIn = OptionalAmount(StatementKeys.TotalIn),
        TotalOut = OptionalAmount(StatementKeys.TotalOut),
        ClosingBalance = OptionalAmount(StatementKeys.ClosingBalance),
    };

    public BankDocument ToDocument() => new()
    {
        LineNumber = StartLine,
        Kind = Kind ?? "",
        Number = Text(StatementKeys.Number) ?? "",
        Date = OptionalDate(StatementKeys.Date) ?? throw Missing(StatementKeys.Date, "the document has no date"),
        Amount = PaymentAmount(),
        Payer = PartyDetails.Read(this, PartyKeys.Payer),
        Recipient = PartyDetails.Read(this, PartyKeys.Recipient),
        Purpose = Purpose(),
        WrittenOffDate = OptionalDate(StatementKeys.WrittenOffDate),
        ReceivedDate = OptionalDate(StatementKeys.ReceivedDate),
        Fields = keepAllFields ? Fields() : NoFields,
    };

    /// <summary>
    /// The purpose is <c>НазначениеПлатежа</c> with its continuation lines. <c>НазначениеПлатежа1..6</c> usually
    /// repeat it split into lines (OCA, dronm samples), so they are used only when the main key is empty.
    /// </summary>
    private string Purpose()
    {
        if (Text(StatementKeys.Purpose) is { } main)
        {
            return main;
        }

        var parts = new List<string>(StatementKeys.PurposeLines.Length);
        foreach (var key in StatementKeys.PurposeLines)
        {
            if (Text(key) is { } part)
            {
                parts.Add(part);
            }
        }

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

    private DateOnly? OptionalDate(string key)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        return StatementValues.TryParseDate(text, "dd.MM.yyyy", out var date)
            ? date
            : throw Refused(key, StatementRejected.NotADate, $"'{text}' is not a date (dd.MM.yyyy)");
    }

    private decimal? OptionalAmount(string key)
    {
        if (Text(key) is not { } text)
        {
            return null;
        }

        return StatementValues.TryParseAmount(text, '.', out var amount)
            ? amount
            : throw Refused(key, StatementRejected.NotAnAmount, $"'{text}' is not an amount");
    }

    /// <summary>A payment moves more than nothing: a zero or negative Сумма is a corrupted document, never flipped or skipped.</summary>
    private decimal PaymentAmount()
    {
        var amount = OptionalAmount(StatementKeys.Amount) ?? throw Missing(StatementKeys.Amount, "the document has no amount");
        return amount > 0 ? amount : throw Refused(StatementKeys.Amount, StatementRejected.NotAPayment, $"'{Text(StatementKeys.Amount)}' is not a payment: Сумма must be more than zero");
    }

    private StatementRejected Refused(string key, RefusalCode code, RefusalText reason) => new(code, reason, slots[SlotOf[key]].Line, key);

    private StatementRejected Missing(string key, string reason) =>
        new($"{reason} ({Marker} starting at line {StartLine} has no {key})", StartLine, key);
}
