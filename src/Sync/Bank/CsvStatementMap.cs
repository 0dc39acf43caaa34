using System.ComponentModel.DataAnnotations;

namespace BackOffice.Sync.Bank;

/// <summary>
/// How a bank's CSV statement is laid out: separator, encoding, number and date formats, and which header names
/// hold which field. A column left null is not read. Amount is either one column (<see cref="Amount"/>; a minus
/// sign means money out) or two (<see cref="Incoming"/>/<see cref="Outgoing"/>, the Приход/Расход layout).
/// </summary>
public sealed class CsvStatementMap : IValidatableObject
{
    public char Separator { get; set; } = ';';

    [Required]
    public string EncodingName { get; set; } = "windows-1251";

    /// <summary>',' for "53 245,50", '.' for "53245.50". Spaces between thousands are accepted either way.</summary>
    public char DecimalSeparator { get; set; } = ',';

    [Required]
    public string DateFormat { get; set; } = "dd.MM.yyyy";

    /// <summary>
    /// The account the statement is for. CSV statements often name only the counterparty: the side of a row that
    /// is ours (recipient for money in, payer for money out) gets this account when its own column is empty.
    /// </summary>
    public string? OwnAccount { get; set; }

    public string? Kind { get; set; }

    public string? Number { get; set; }

    [Required]
    public string Date { get; set; } = "Дата";

    public string? Amount { get; set; }

    public string? Incoming { get; set; }

    public string? Outgoing { get; set; }

    public string? PayerName { get; set; }

    public string? PayerInn { get; set; }

    public string? PayerKpp { get; set; }

    public string? PayerAccount { get; set; }

    public string? PayerBic { get; set; }

    public string? RecipientName { get; set; }

    public string? RecipientInn { get; set; }

    public string? RecipientKpp { get; set; }

    public string? RecipientAccount { get; set; }

    public string? RecipientBic { get; set; }

    public string? Purpose { get; set; }

    /// <summary>Every header name the map expects, in a fixed order.</summary>
    public IEnumerable<string> MappedColumns() =>
        new[]
        {
            Kind, Number, Date, Amount, Incoming, Outgoing, PayerName, PayerInn, PayerKpp, PayerAccount, PayerBic,
            RecipientName, RecipientInn, RecipientKpp, RecipientAccount, RecipientBic, Purpose,
        }.OfType<string>().Where(name => name.Length > 0);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var single = !string.IsNullOrEmpty(Amount);
        var split = !string.IsNullOrEmpty(Incoming) || !string.IsNullOrEmpty(Outgoing);
        if (single == split)
        {
            yield return new ValidationResult(
                "map either Amount or both Incoming and Outgoing", [nameof(Amount), nameof(Incoming), nameof(Outgoing)]);
        }
        else if (split && (string.IsNullOrEmpty(Incoming) || string.IsNullOrEmpty(Outgoing)))
        {
            yield return new ValidationResult("Incoming and Outgoing go together", [nameof(Incoming), nameof(Outgoing)]);
        }

        // Without the payment order's number two equal payments of one day are one natural key: the second would be
        // dropped as a duplicate. A map that cannot tell them apart is refused rather than losing money.
        if (string.IsNullOrWhiteSpace(Number))
        {
            yield return new ValidationResult(
                "map Number (the column holding the payment order number): without it two equal payments on one day look the same and the second would be dropped as a duplicate",
                [nameof(Number)]);
        }

        if (!IsKnownEncoding(EncodingName))
        {
            yield return new ValidationResult($"EncodingName '{EncodingName}' is not an encoding (e.g. windows-1251, utf-8)", [nameof(EncodingName)]);
        }

        if (!IsDateFormat(DateFormat))
        {
            yield return new ValidationResult($"DateFormat '{DateFormat}' is not a date format (e.g. dd.MM.yyyy)", [nameof(DateFormat)]);
        }

        if (OwnAccount is { } own && (own.Length != 20 || !own.All(char.IsAsciiDigit)))
        {
            yield return new ValidationResult($"OwnAccount '{own}' is not a 20-digit settlement account", [nameof(OwnAccount)]);
        }

        if (DecimalSeparator is not (',' or '.'))
        {
            yield return new ValidationResult("DecimalSeparator is ',' or '.'", [nameof(DecimalSeparator)]);
        }

        if (Separator > 127 || Separator == '"')
        {
            yield return new ValidationResult("Separator must be an ASCII character other than the quote", [nameof(Separator)]);
        }
    }

    /// <summary>Every problem of the map, each naming its key under <paramref name="section"/>; empty when the map is usable.</summary>
    public IReadOnlyList<string> Problems(string section)
    {
        var results = new List<ValidationResult>();
        var context = new ValidationContext(this);
        if (!Validator.TryValidateObject(this, context, results, validateAllProperties: true))
        {
            // The validator skips the map's own rules once an attribute failed; the operator gets the whole picture at once.
            results.AddRange(Validate(context));
        }

        return results.Select(r => $"{section}:{string.Join("/", r.MemberNames)}: {r.ErrorMessage}").Distinct().ToList();
    }

    private static bool IsKnownEncoding(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        try
        {
            StatementDecoding.ByName(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsDateFormat(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return false;
        }

        try
        {
            var sample = new DateOnly(2019, 2, 25);
            var text = sample.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
            return DateOnly.TryParseExact(text, format, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var back) && back == sample;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
