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

    private static readonly Dictionary<string, int> SlotOf = BuildSlotOf();

    /// <summary>The slot of each known key by its <see cref="StatementKeys.Key.Id"/>, -1 for a key kept in none: no hashing per line.</summary>
    private static readonly int[] SlotById = BuildSlotById();

    // The slots ToDocument and ToBalance read, found once rather than by name for every document.
    private static readonly int AccountSlot = SlotOf[StatementKeys.Account];
    private static readonly int DateFromSlot = SlotOf[StatementKeys.DateFrom];
    private static readonly int DateToSlot = SlotOf[StatementKeys.DateTo];
    private static readonly int OpeningBalanceSlot = SlotOf[StatementKeys.OpeningBalance];
    private static readonly int TotalInSlot = SlotOf[StatementKeys.TotalIn];
    private static readonly int TotalOutSlot = SlotOf[StatementKeys.TotalOut];
    private static readonly int ClosingBalanceSlot = SlotOf[StatementKeys.ClosingBalance];
    private static readonly int NumberSlot = SlotOf[StatementKeys.Number];
    private static readonly int DateSlot = SlotOf[StatementKeys.Date];
    private static readonly int AmountSlot = SlotOf[StatementKeys.Amount];
    private static readonly int WrittenOffDateSlot = SlotOf[StatementKeys.WrittenOffDate];
    private static readonly int ReceivedDateSlot = SlotOf[StatementKeys.ReceivedDate];
    private static readonly int PurposeSlot = SlotOf[StatementKeys.Purpose];
    private static readonly int[] PurposeLineSlots = [.. StatementKeys.PurposeLines.Select(key => SlotOf[key])];

    private static readonly IReadOnlyDictionary<string, string> NoFields = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    private readonly List<(string Key, string Value, int Line)> lines = [];

    // Line 0 marks an empty slot: a section's lines are numbered from 2 on.
    private readonly (string Value, int Line)[] slots = new (string, int)[UsedKeys.Length];

    /// <summary>The value each slot was last given, in any section (see <see cref="Reuse"/>).</summary>
    private readonly string?[] previous = new string?[UsedKeys.Length];

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

    /// <summary>The slot a key is kept in, found by its name: for tables built once.</summary>
    public static int SlotFor(string key) => SlotOf[key];

    public void Add(StatementKeys.Key key, ReadOnlySpan<char> value, int line)
    {
        lastSlot = -1;
        string? text = null;
        var slot = key.Id >= 0 ? SlotById[key.Id] : -1;
        if (slot >= 0 && slots[slot].Line == 0)
        {
            text = value.IsEmpty ? "" : Reuse(slot, value);
            slots[slot] = (text, line);
            lastSlot = slot;
        }

        if (keepAllFields)
        {
            lines.Add((key.Name, text ?? value.ToString(), line));
        }
    }

    /// <summary>
    /// Statements repeat most values document after document (our account, name and bank, a payer's details, the day):
    /// the string the same slot held in the last section is taken again when the value is the same, not allocated anew.
    /// </summary>
    private string Reuse(int slot, ReadOnlySpan<char> value)
    {
        var last = previous[slot];
        return last is not null && value.SequenceEqual(last) ? last : previous[slot] = value.ToString();
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
    public string? Text(string key) => Text(SlotOf[key]);

    /// <summary>The value kept in a slot (<see cref="SlotFor"/>), null when its key is missing or empty.</summary>
    public string? Text(int slot)
    {
        var value = slots[slot].Value;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public BalanceSection ToBalance() => new()
    {
        LineNumber = StartLine,
        Account = Text(AccountSlot),
        DateFrom = OptionalDate(StatementKeys.DateFrom, DateFromSlot),
        DateTo = OptionalDate(StatementKeys.DateTo, DateToSlot),
        OpeningBalance = OptionalAmount(StatementKeys.OpeningBalance, OpeningBalanceSlot),
        TotalIn = OptionalAmount(StatementKeys.TotalIn, TotalInSlot),
        TotalOut = OptionalAmount(StatementKeys.TotalOut, TotalOutSlot),
        ClosingBalance = OptionalAmount(StatementKeys.ClosingBalance, ClosingBalanceSlot),
    };

    public BankDocument ToDocument() => new()
    {
        LineNumber = StartLine,
        Kind = Kind ?? "",
        Number = Text(NumberSlot) ?? "",
        Date = OptionalDate(StatementKeys.Date, DateSlot) ?? throw Missing(StatementKeys.Date, "the document has no date"),
        Amount = PaymentAmount(),
        Payer = PartyDetails.Read(this, PartyKeys.Payer),
        Recipient = PartyDetails.Read(this, PartyKeys.Recipient),
        Purpose = Purpose(),
        WrittenOffDate = OptionalDate(StatementKeys.WrittenOffDate, WrittenOffDateSlot),
        ReceivedDate = OptionalDate(StatementKeys.ReceivedDate, ReceivedDateSlot),
        Fields = keepAllFields ? Fields() : NoFields,
    };

    /// <summary>
    /// The purpose is <c>НазначениеПлатежа</c> with its continuation lines. <c>НазначениеПлатежа1..6</c> usually
    /// repeat it split into lines (OCA, dronm samples), so they are used only when the main key is empty.
    /// </summary>
    private string Purpose()
    {
        if (Text(PurposeSlot) is { } main)
        {
            return main;
        }

        var parts = new List<string>(PurposeLineSlots.Length);
        foreach (var slot in PurposeLineSlots)
        {
            if (Text(slot) is { } part)
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

    private DateOnly? OptionalDate(string key, int slot)
    {
        if (Text(slot) is not { } text)
        {
            return null;
        }

        return StatementValues.TryParseDate(text, "dd.MM.yyyy", out var date)
            ? date
            : throw Refused(key, slot, StatementRejected.NotADate, $"'{text}' is not a date (dd.MM.yyyy)");
    }

    private decimal? OptionalAmount(string key, int slot)
    {
        if (Text(slot) is not { } text)
        {
            return null;
        }

        return StatementValues.TryParseAmount(text, '.', out var amount)
            ? amount
            : throw Refused(key, slot, StatementRejected.NotAnAmount, $"'{text}' is not an amount");
    }

    /// <summary>A payment moves more than nothing: a zero or negative Сумма is a corrupted document, never flipped or skipped.</summary>
    private decimal PaymentAmount()
    {
        var amount = OptionalAmount(StatementKeys.Amount, AmountSlot) ?? throw Missing(StatementKeys.Amount, "the document has no amount");
        return amount > 0 ? amount : throw Refused(StatementKeys.Amount, AmountSlot, StatementRejected.NotAPayment, $"'{Text(AmountSlot)}' is not a payment: Сумма must be more than zero");
    }

    private StatementRejected Refused(string key, int slot, RefusalCode code, RefusalText reason) => new(code, reason, slots[slot].Line, key);

    private static Dictionary<string, int> BuildSlotOf()
    {
        var slotOf = new Dictionary<string, int>(UsedKeys.Length, StringComparer.Ordinal);
        for (var slot = 0; slot < UsedKeys.Length; slot++)
        {
            slotOf.Add(UsedKeys[slot], slot);
        }

        return slotOf;
    }

    private static int[] BuildSlotById()
    {
        var slotById = new int[StatementKeys.KnownCount];
        Array.Fill(slotById, -1);
        for (var slot = 0; slot < UsedKeys.Length; slot++)
        {
            // A used key is a known key in its canonical spelling; first occurrence wins, as in SlotOf.
            var id = StatementKeys.IdOf(UsedKeys[slot]);
            if (slotById[id] < 0)
            {
                slotById[id] = SlotOf[UsedKeys[slot]];
            }
        }

        return slotById;
    }

    private StatementRejected Missing(string key, string reason) =>
        new($"{reason} ({Marker} starting at line {StartLine} has no {key})", StartLine, key);
}
