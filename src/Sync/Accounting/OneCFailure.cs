namespace BackOffice.Sync.Accounting;

/// <summary>How a 1C call went wrong, which decides what the relay does next.</summary>
public enum OneCFailureKind
{
    /// <summary>Down, slow, dropped, 5xx: try again later, keep other invoices moving.</summary>
    Unavailable,

    /// <summary>401/403, an HTML page or an empty answer where JSON was expected, 404 for an entity set: a setting is wrong; retrying will not help.</summary>
    Configuration,

    /// <summary>1C refused the data (a 4xx or a business error other than the ones below).</summary>
    Rejected,

    /// <summary>«Значение поля "Номер" не уникально»: a document with this number exists in this year.</summary>
    DuplicateNumber,
}

/// <summary>A failed 1C call: the kind, the HTTP status and the odata.error code and message when 1C sent one.</summary>
public sealed class OneCException(OneCFailureKind kind, string message, int? status = null, string? code = null, Exception? inner = null)
    : Exception(message, inner)
{
    public OneCFailureKind Kind { get; } = kind;
    public int? Status { get; } = status;
    public string? Code { get; } = code;
}
