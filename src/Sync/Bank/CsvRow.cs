using BackOffice.Ledger;
using System.Globalization;
using CsvHelper;

namespace BackOffice.Sync.Bank;

/// <summary>One data row of a CSV statement, read through the column map.</summary>
internal sealed class CsvRow(CsvReader csv, IReadOnlyDictionary<string, int> columns, CsvStatementMap map)
{
    private readonly long row = csv.RowNumber;
    private readonly int line = (int)csv.LineNumber;

    public BankDocument ToDocument()
    {
        var (amount, direction) = Amount();
        var ownAccount = string.IsNullOrEmpty(map.OwnAccount) ? null : map.OwnAccount;
        var payer = Party(map.PayerName, map.PayerInn, map.PayerKpp, map.PayerAccount, map.PayerBic,
            direction == Direction.Outgoing ? ownAccount : null);
        var recipient = Party(map.RecipientName, map.RecipientInn, map.RecipientKpp, map.RecipientAccount, map.RecipientBic,
            direction == Direction.Incoming ? ownAccount : null);
        var date = Date(map.Date) ?? throw Refused(map.Date, StatementRejected.CsvNoDate, "the row has no date");
        return new BankDocument
        {
            LineNumber = line,
            Kind = Text(map.Kind) ?? "",
            Number = Text(map.Number) ?? "",
            Date = date,
            Amount = amount,
            Payer = payer,
            Recipient = recipient,
            Purpose = Text(map.Purpose) ?? "",
            WrittenOffDate = direction == Direction.Outgoing ? date : null,
            ReceivedDate = direction == Direction.Incoming ? date : null,
            Fields = RawFields(),
        };
    }

    private (decimal Amount, Direction Direction) Amount()
    {
        if (map.Amount is { Length: > 0 } column)
        {
            var signed = Money(column) ?? throw Refused(column, StatementRejected.CsvNoAmount, "the row has no amount");
            return (Math.Abs(signed), signed < 0 ? Direction.Outgoing : Direction.Incoming);
        }

        // Приход/Расход layouts leave the unused column empty or write 0 in it.
        var incoming = Money(map.Incoming!) is { } inAmount and not 0 ? inAmount : (decimal?)null;
        var outgoing = Money(map.Outgoing!) is { } outAmount and not 0 ? outAmount : (decimal?)null;
        return (incoming, outgoing) switch
        {
            ({ } i, null) => (Math.Abs(i), Direction.Incoming),
            (null, { } o) => (Math.Abs(o), Direction.Outgoing),
            (null, null) => throw Refused(map.Incoming!, StatementRejected.CsvNoAmountInColumns, $"the row has no amount in '{map.Incoming}' nor in '{map.Outgoing}'"),
            _ => throw Refused(map.Incoming!, StatementRejected.CsvAmountsInBoth, $"the row has amounts in both '{map.Incoming}' and '{map.Outgoing}'"),
        };
    }

    private Party Party(string? name, string? inn, string? kpp, string? account, string? bic, string? ownAccount) => new()
    {
        Name = Text(name),
        Inn = Text(inn),
        Kpp = Text(kpp),
        Account = Text(account) ?? ownAccount,
        Bic = Text(bic),
    };

    private string? Text(string? column)
    {
        if (column is not { Length: > 0 } || !columns.TryGetValue(column, out var index) || index >= csv.FieldCount)
        {
            return null;
        }

        var value = csv.GetString(index).Trim();
        return value.Length == 0 ? null : value;
    }

    private decimal? Money(string column)
    {
        if (Text(column) is not { } text)
        {
            return null;
        }

        var compact = text.Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "");
        return StatementValues.TryParseAmount(compact, map.DecimalSeparator, out var amount)
            ? amount
            : throw Refused(column, StatementRejected.NotAnAmount, $"'{text}' is not an amount");
    }

    private DateOnly? Date(string column)
    {
        if (Text(column) is not { } text)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, map.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Refused(column, StatementRejected.CsvNotADate, $"'{text}' is not a date ({map.DateFormat})");
    }

    private Dictionary<string, string> RawFields()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var headers = csv.Headers;
        for (var i = 0; i < csv.FieldCount && i < headers.Count; i++)
        {
            fields.TryAdd(headers[i], csv.GetString(i));
        }

        return fields;
    }

    private StatementRejected Refused(string column, RefusalCode code, RefusalText reason) => StatementRejected.CsvRow(row, line, column, code, reason);
}
