namespace BackOffice.Tickets.Mail;

/// <summary>What the intake takes from one message (the JSON of <c>backoffice mail parse</c>).</summary>
public sealed record ParsedMail
{
    public string? From { get; init; }
    public string? FromName { get; init; }
    public IReadOnlyList<string> To { get; init; } = [];
    public IReadOnlyList<string> Cc { get; init; } = [];
    public IReadOnlyList<string> ReplyTo { get; init; } = [];
    public string Subject { get; init; } = "";
    public DateTimeOffset? Date { get; init; }
    public string? MessageId { get; init; }
    public string? InReplyTo { get; init; }
    public IReadOnlyList<string> References { get; init; } = [];
    public bool IsAutomatic { get; init; }
    public string? AutomaticReason { get; init; }
    /// <summary>Set when the sender asked not to be auto-answered (X-Auto-Response-Suppress) without being automatic itself.</summary>
    public bool SuppressAutoReply { get; init; }
    /// <summary>The plain text staff read: the text part, or text derived from the HTML.</summary>
    public string Text { get; init; } = "";
    /// <summary>The text above the quoted history (a derived view; <see cref="Text"/> is always the whole).</summary>
    public string Reply { get; init; } = "";
    /// <summary>The HTML body, sanitised; null when the message has none.</summary>
    public string? Html { get; init; }
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
    /// <summary>What the parser had to repair or guess (charset detection, broken headers…), for the operator.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];
}

public sealed record MailAttachment(string FileName, string ContentType, long Size)
{
    /// <summary>The decoded bytes; not printed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[] Content { get; init; } = [];
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ContentId { get; init; }
}
