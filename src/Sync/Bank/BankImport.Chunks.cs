using Npgsql;

namespace BackOffice.Sync.Bank;

public sealed partial class BankImport
{
    static readonly ReviewReason UnknownDirection = ReviewReason.Of(ReviewReason.DirectionUnknown,
        "Neither the payer's nor the recipient's account is one of the company's accounts (organisation_bank_accounts).");

    /// <summary>
    /// A chunk of documents with the outcome each would have one at a time (<see cref="ImportOneAsync"/>), in a handful of
    /// round trips: the documents stored together, the incoming ones matched together (<see cref="PaymentMatcher.MatchChunkAsync"/>),
    /// their outcomes and review rows written together. A document whose key is taken — stored before, or by an earlier
    /// document of the chunk — is a duplicate when its content is the same; otherwise it takes the one-at-a-time path
    /// (a conflict for review), after the chunk, since nothing it does changes how the others match.
    /// </summary>
    static async Task ImportChunkAsync(NpgsqlConnection conn, NpgsqlTransaction tx, BankDocumentStore store, PaymentMatcher matcher, long statementId,
        List<BankDocument> chunk, IReadOnlySet<string> own, Tally tally, string by, CancellationToken ct)
    {
        if (chunk.Count == 0) return;
        var directions = chunk.Select(d => d.DirectionFor(own)).ToArray();
        var rows = chunk.Select((d, n) => store.RowOf(statementId, d, directions[n])).ToList();
        var keys = new HashSet<(string, string, DateOnly, string, decimal, string)>();
        var first = Enumerable.Range(0, chunk.Count).Where(n => keys.Add(rows[n].Key)).ToList();
        var ids = await store.AddManyAsync(first.Select(n => rows[n]).ToList(), first, ct);

        var taken = Enumerable.Range(0, chunk.Count).Where(n => !ids.ContainsKey(n)).ToList();
        var stored = first.Where(ids.ContainsKey)
            .Select(n => new StoredDocument(ids[n], chunk[n], directions[n], rows[n].executionDate, null)).ToList();
        var incoming = stored.Where(s => s.Direction == Direction.Incoming).ToList();
        var matched = await matcher.MatchChunkAsync(conn, tx, incoming, by, ct);

        var outcomes = new List<(long Id, string Status, int? ClientId)>(stored.Count);
        var review = new List<(long Id, ReviewReason Reason, string Candidates)>();
        var m = 0;
        foreach (var s in stored)
        {
            var (status, clientId, reason, candidates) = s.Direction switch
            {
                Direction.Incoming => matched[m++] is var o ? (o.Status, o.ClientId, o.Reason, o.Candidates) : default,
                Direction.Outgoing => ("outgoing", null, null, []),
                Direction.OwnTransfer => ("transfer", null, null, []),
                _ => ("review", (int?)null, UnknownDirection, (IReadOnlyList<ReviewCandidate>)[]),
            };
            outcomes.Add((s.Id, status, clientId));
            if (status == "review")
                review.Add((s.Id, reason!, ReviewQueue.Serialize(candidates)));
            tally.Count((status, s.Direction == Direction.Incoming));
        }
        await store.SetOutcomesAsync(outcomes, review, ct);

        var contents = await store.TakenAsync(taken.Select(n => rows[n]).ToList(), ct);
        for (var k = 0; k < taken.Count; k++)
        {
            if (contents[k] == rows[taken[k]].ContentSha256)
                tally.Duplicates++;
            else
                await ImportOneAsync(conn, tx, store, matcher, statementId, chunk[taken[k]], own, tally, by, ct);
        }
    }
}
