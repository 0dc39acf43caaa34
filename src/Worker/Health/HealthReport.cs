namespace BackOffice.Worker.Health;

/// <summary>`backoffice health --json` and GET /health: what the operator asks of a running service.</summary>
public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, DatabaseHealth Database, IReadOnlyList<IntegrationHealth> Integrations,
    QueueDepths? Queues, IReadOnlyList<JobHealth> Jobs)
{
    public const string Ok = "ok", Degraded = "degraded", Down = "down";
}

public sealed record DatabaseHealth(bool Reachable, string Server, int? SchemaVersion, string? Error);

/// <summary>An outside system: whether it is configured (or what to set), and when it last worked and last failed.</summary>
public sealed record IntegrationHealth(string Name, bool Configured, string? SwitchOn, DateTimeOffset? LastSuccess, DateTimeOffset? LastError, string? Error)
{
    public bool Failing => Configured && LastError is { } e && (LastSuccess is not { } s || e > s);
}

public sealed record QueueDepths(long Outbox, long OutboxGaveUp, long OutgoingMail, long ReviewQueue, long BreachingTickets)
{
    public IReadOnlyDictionary<string, long> ByName => new Dictionary<string, long>
    {
        ["outbox"] = Outbox, ["outbox_gave_up"] = OutboxGaveUp, ["outgoing_mail"] = OutgoingMail, ["review_queue"] = ReviewQueue,
        ["breaching_tickets"] = BreachingTickets,
    };
}

public sealed record JobHealth(string Name, bool On, string? OffBecause, string Cron, string TimeZone, DateTimeOffset? NextFire, string Verb,
    DateTimeOffset? LastStarted, DateTimeOffset? LastFinished, string? LastOutcome, string? LastInstance)
{
    public bool LastFailed => LastOutcome?.StartsWith("failed", StringComparison.Ordinal) == true;
}
