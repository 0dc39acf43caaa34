using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace BackOffice.Tickets;

/// <summary>BackOffice:Mail — the support mailbox (IMAP), the outgoing server (SMTP) and the rules of the desk.</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "BackOffice:Mail";

    /// <summary>The support address mail is read from and sent from (e.g. ok@company.ru). Also the domain of our Message-IDs.</summary>
    public string Address { get; set; } = "";
    public string DisplayName { get; set; } = "Служба поддержки";

    /// <summary>Empty: intake is off.</summary>
    public string ImapHost { get; set; } = "";
    [Range(1, 65535)] public int ImapPort { get; set; } = 993;
    public string ImapSecurity { get; set; } = "Auto";
    public string ImapUser { get; set; } = "";
    public string ImapPassword { get; set; } = "";
    public string InboxFolder { get; set; } = "INBOX";
    public string ProcessedFolder { get; set; } = "Processed";
    [Range(1, 100_000)] public int BatchSize { get; set; } = 500;

    /// <summary>Empty: the outgoing queue is not sent (one log line says so).</summary>
    public string SmtpHost { get; set; } = "";
    [Range(1, 65535)] public int SmtpPort { get; set; } = 587;
    public string SmtpSecurity { get; set; } = "Auto";
    public string SmtpUser { get; set; } = "";
    public string SmtpPassword { get; set; } = "";
    /// <summary>How long a claimed outgoing row is held: a sender that dies mid-send leaves it to the others after this.</summary>
    [Range(5, 86400)] public int SmtpLeaseSeconds { get; set; } = 300;
    [Range(1, 10_000)] public int SmtpBatchSize { get; set; } = 100;

    /// <summary>The department new mail goes to unless it was sent to a department's own address.</summary>
    public string DefaultDepartment { get; set; } = "Техническая поддержка";
    /// <summary>Where the internal ticket for a paid upgrade goes (the seed: Technical Support changes the quota).</summary>
    public string UpgradeDepartment { get; set; } = "Техническая поддержка";
    /// <summary>A reply to a ticket closed longer ago than this opens a new ticket linked to the old one.</summary>
    [Range(0, 3650)] public int ReopenDays { get; set; } = 30;
    [Range(1, long.MaxValue)] public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Acknowledgements to one sender within an hour, at most (two robots cannot loop).</summary>
    [Range(0, 1000)] public int AcknowledgementsPerSenderPerHour { get; set; } = 3;
    /// <summary>A staff reply to a notification that starts with this word becomes an internal note.</summary>
    public string NoteKeyword { get; set; } = "#note";

    public bool IntakeEnabled => !string.IsNullOrWhiteSpace(ImapHost);
    public bool SmtpEnabled => !string.IsNullOrWhiteSpace(SmtpHost);

    public string Domain => Address.Contains('@') ? Address[(Address.LastIndexOf('@') + 1)..] : "backoffice.invalid";

    public static SecureSocketOptions Security(string value) =>
        Enum.TryParse<SecureSocketOptions>(value, ignoreCase: true, out var s) ? s : SecureSocketOptions.Auto;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((IntakeEnabled || SmtpEnabled) && !Address.Contains('@'))
            yield return new ValidationResult($"{Section}:Address must be the support address (e.g. ok@company.ru) when mail is on.", [nameof(Address)]);
        foreach (var (key, value) in new[] { ("ImapSecurity", ImapSecurity), ("SmtpSecurity", SmtpSecurity) })
            if (!Enum.TryParse<SecureSocketOptions>(value, ignoreCase: true, out _))
                yield return new ValidationResult($"{Section}:{key} must be one of {string.Join(", ", Enum.GetNames<SecureSocketOptions>())}.", [key]);
        if (IntakeEnabled && string.IsNullOrWhiteSpace(ImapUser))
            yield return new ValidationResult($"{Section}:ImapUser is required when ImapHost is set.", [nameof(ImapUser)]);
        if (string.Equals(InboxFolder.Trim('/'), ProcessedFolder.Trim('/'), StringComparison.OrdinalIgnoreCase))
            yield return new ValidationResult($"{Section}:ProcessedFolder '{ProcessedFolder}' is {Section}:InboxFolder itself: taken mail would be read again at every run.", [nameof(ProcessedFolder)]);
        if (string.IsNullOrWhiteSpace(NoteKeyword))
            yield return new ValidationResult($"{Section}:NoteKeyword must not be empty.", [nameof(NoteKeyword)]);
    }
}
