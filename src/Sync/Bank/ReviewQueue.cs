using System.Text.Json;
using Dapper;
using Npgsql;

namespace BackOffice.Sync.Bank;

/// <summary>Something treasury could choose for a queued document: an invoice, a client, an earlier document.</summary>
public sealed record ReviewCandidate(string Kind, long Id, long? InvoiceNumber, int? ClientId, string? ClientName, DateOnly? IssueDate,
    decimal? BalanceDue, string? Note = null);

internal static class ReviewQueue
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task AddAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long documentId, ReviewReason reason,
        IReadOnlyList<ReviewCandidate> candidates, DateTime now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            insert into bank_review_queue (document_id, reason, reason_code, reason_args, candidates, created_at)
            values (@documentId, @reason, @code, @args::jsonb, @candidates::jsonb, @now);
            update bank_documents set status = 'review' where id = @documentId;
            """, new { documentId, reason = reason.Text, code = reason.Code.Name, args = SerializeArguments(reason), candidates = Serialize(candidates), now },
            tx, cancellationToken: ct));

    public static string Serialize(IReadOnlyList<ReviewCandidate> candidates) => JsonSerializer.Serialize(candidates, Json);

    public static string SerializeArguments(ReviewReason reason) => JsonSerializer.Serialize(reason.Arguments, Json);

    public static IReadOnlyList<string> ReadArguments(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<string>>(json, Json) ?? [];

    public static IReadOnlyList<ReviewCandidate> Read(string json) =>
        JsonSerializer.Deserialize<List<ReviewCandidate>>(json, Json) ?? [];
}
