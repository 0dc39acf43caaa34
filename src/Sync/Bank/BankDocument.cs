using System.Text.Json.Serialization;

namespace BackOffice.Sync.Bank;

[JsonConverter(typeof(JsonStringEnumConverter<Direction>))]
public enum Direction
{
    Unknown,
    Incoming,
    Outgoing,

    /// <summary>Both accounts are ours: money moved between the company's own accounts.</summary>
    OwnTransfer,
}

/// <summary>One side of a payment: who paid or who received.</summary>
public sealed record Party
{
    public static readonly Party None = new();

    public string? Name { get; init; }

    public string? Inn { get; init; }

    public string? Kpp { get; init; }

    public string? Account { get; init; }

    public string? BankName { get; init; }

    public string? Bic { get; init; }

    public string? CorrespondentAccount { get; init; }
}

/// <summary>One payment document of a statement (<c>СекцияДокумент</c>) or one CSV row.</summary>
public sealed class BankDocument : StatementItem
{
    /// <summary>The section's kind: "Платежное поручение", "Банковский ордер", …; empty for CSV rows without a kind column.</summary>
    public required string Kind { get; init; }

    public required string Number { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>Always positive: some banks sign amounts, the direction comes from the accounts.</summary>
    public required decimal Amount { get; init; }

    public required Party Payer { get; init; }

    public required Party Recipient { get; init; }

    public required string Purpose { get; init; }

    /// <summary><c>ДатаСписано</c>: when it left the payer's account.</summary>
    public DateOnly? WrittenOffDate { get; init; }

    /// <summary><c>ДатаПоступило</c>: when it reached the recipient's account.</summary>
    public DateOnly? ReceivedDate { get; init; }

    /// <summary>
    /// Every key of the section as written (canonical key spelling, first occurrence wins); empty when the statement
    /// was read without them (<see cref="StatementParser.Read"/>).
    /// </summary>
    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    public Direction DirectionFor(IReadOnlySet<string> ownAccounts)
    {
        var toUs = Recipient.Account is { } recipient && ownAccounts.Contains(recipient);
        var fromUs = Payer.Account is { } payer && ownAccounts.Contains(payer);
        return (toUs, fromUs) switch
        {
            (true, true) => Direction.OwnTransfer,
            (true, false) => Direction.Incoming,
            (false, true) => Direction.Outgoing,
            _ => Direction.Unknown,
        };
    }

    /// <summary>The day the money moved on our side: <c>ДатаПоступило</c> for incoming, <c>ДатаСписано</c> for outgoing, else <c>Дата</c>.</summary>
    public DateOnly ExecutionDateFor(Direction direction) => direction switch
    {
        Direction.Incoming => ReceivedDate ?? Date,
        Direction.Outgoing => WrittenOffDate ?? Date,
        _ => ReceivedDate ?? WrittenOffDate ?? Date,
    };

    public DateOnly ExecutionDateFor(IReadOnlySet<string> ownAccounts) => ExecutionDateFor(DirectionFor(ownAccounts));
}
