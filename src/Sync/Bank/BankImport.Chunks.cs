using Npgsql;

namespace BackOffice.Sync.Bank;

public sealed partial class BankImport
{
    static readonly ReviewReason UnknownDirection = ReviewReason.Of(ReviewReason.DirectionUnknown,
        "Neither the payer's nor the recipient's account is one of the company's accounts (organisation_bank_accounts).");

    /// <summary>
    /// A chunk of documents with the outcome each would have one at a time (<see cref="ImportOneAsync"/>), in a handful of
    /// round trips. The keys are looked up first; the documents with a free key are matched together
    /// (<see cref="PaymentMatcher.MatchChunkAsync"/>) and stored with their outcome, so no row is written twice (an update
    /// of client_id is not HOT: the payer_account index's predicate reads it); then their payments and review rows. A
    /// document whose key is taken — stored before, or by an earlier document of the chunk — is a duplicate when its
    /// content is the same; otherwise it takes the one-at-a-time path (a conflict for review), after the chunk, since
    /// nothing it does changes how the others match.
    /// </summary>
    static async Task ImportChunkAsync(NpgsqlConnection conn, NpgsqlTransaction tx, BankDocumentStore store, PaymentMatcher matcher, long statementId,
        List<BankDocument> chunk, IReadOnlySet<string> own, Tally tally, string by, CancellationToken ct)
    {
        if (chunk.Count == 0) return;
        var directions = chunk.Select(d => d.DirectionFor(own)).ToArray();
        var rows = chunk.Select((d, n) => store.RowOf(statementId, d, directions[n])).ToList();
        var firstOf = new Dictionary<(string, string, DateOnly, string, decimal, string), int>(chunk.Count);
        var first = Enumerable.Range(0, chunk.Count).Where(n => firstOf.TryAdd(rows[n].Key, n)).ToList();
        var (drawn, taken) = await store.IdsAndTakenAsync(first.Select(n => rows[n]).ToList(), ct);
        var ids = new long[chunk.Count];
        var before = new string?[chunk.Count];
        for (var k = 0; k < first.Count; k++)
            (ids[first[k]], before[first[k]]) = (drawn[k], taken[k]);

        var fresh = first.Where(n => before[n] is null).ToList();
        var match = await matcher.MatchChunkAsync(conn, tx, fresh.Where(n => directions[n] == Direction.Incoming)
            .Select(n => new StoredDocument(ids[n], chunk[n], directions[n], rows[n].executionDate, null)).ToList(), ct);

        var outcomes = new List<(long Id, BankDocumentStore.Row Row, string Status, int? ClientId)>(fresh.Count);
        var review = new List<(long Id, ReviewReason Reason, string Candidates)>();
        var m = 0;
        foreach (var n in fresh)
        {
            var (status, clientId, reason, candidates) = directions[n] switch
            {
                Direction.Incoming => match.Outcomes[m++] is var o ? (o.Status, o.ClientId, o.Reason, o.Candidates) : default,
                Direction.Outgoing => ("outgoing", null, null, []),
                Direction.OwnTransfer => ("transfer", null, null, []),
                _ => ("review", (int?)null, UnknownDirection, (IReadOnlyList<ReviewCandidate>)[]),
            };
            outcomes.Add((ids[n], rows[n], status, clientId));
            if (status == "review")
                review.Add((ids[n], reason!, ReviewQueue.Serialize(candidates)));
        }

        var added = await store.AddManyAsync(outcomes, ct);
        if (added.Count < outcomes.Count)
        {
            // Another import stored one of these keys since they were looked up: this chunk was matched with that document
            // in it, so it is taken back (nothing else of it is written yet) and goes one document at a time.
            await store.RemoveAsync(added, ct);
            foreach (var document in chunk)
                await ImportOneAsync(conn, tx, store, matcher, statementId, document, own, tally, by, ct);
            return;
        }
        await matcher.RecordChunkAsync(conn, tx, match, by, ct);
        await store.AddToReviewAsync(review, ct);
        for (var k = 0; k < fresh.Count; k++)
            tally.Count((outcomes[k].Status, directions[fresh[k]] == Direction.Incoming));

        for (var n = 0; n < chunk.Count; n++)
        {
            var f = firstOf[rows[n].Key];
            if (f == n && before[n] is null)
                continue;
            if ((before[f] ?? rows[f].ContentSha256) == rows[n].ContentSha256)
                tally.Duplicates++;
            else
                await ImportOneAsync(conn, tx, store, matcher, statementId, chunk[n], own, tally, by, ct);
        }
    }
}
