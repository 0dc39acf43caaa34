using Dapper;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using Npgsql;

namespace BackOffice.Sync.Bank;

public sealed class StatementRow
{
    public long Id { get; init; }
    public string FileName { get; init; } = "";
    public string Accounts { get; init; } = "";
    public DateOnly? PeriodFrom { get; init; }
    public DateOnly? PeriodTo { get; init; }
    public DateTime ImportedAt { get; init; }
    public string ImportedBy { get; init; } = "";
    public int DocumentsRead { get; init; }
    public int Incoming { get; init; }
    public int Matched { get; init; }
    public int Partial { get; init; }
    public int ToCredit { get; init; }
    public int ToReview { get; init; }
    public int Duplicates { get; init; }
    public int Outgoing { get; init; }

    /// <summary>How often the very same file was imported (1 the first time) and the last time it came again.</summary>
    public int TimesSeen { get; init; }
    public DateTime? LastSeenAt { get; init; }
    public string? LastSeenBy { get; init; }
}

public sealed record DocumentFilter
{
    public string? Status { get; init; }
    public int? ClientId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public decimal? Amount { get; init; }
    public long? StatementId { get; init; }
    public int Limit { get; init; } = 500;
}

public sealed class DocumentRow
{
    public long Id { get; init; }
    public long StatementId { get; init; }
    public string Number { get; init; } = "";
    public DateOnly DocDate { get; init; }
    public DateOnly ExecutionDate { get; init; }
    public string Direction { get; init; } = "";
    public decimal Amount { get; init; }
    public string? PayerName { get; init; }
    public string? PayerInn { get; init; }
    public string Purpose { get; init; } = "";
    public string Status { get; init; } = "";
    public int? ClientId { get; init; }
    public string? InvoiceNumbers { get; init; }
}

public sealed record UnmatchResult(long DocumentId, string StatusBefore, IReadOnlyList<PaymentReversed> Reversed, bool DryRun);

/// <summary>
/// What treasury imported and what became of it (SPEC §3): statements with their counts, documents with their outcome, and
/// undoing a wrong match — the payments reversed through the billing engine, the document back in the review queue, and the
/// undoing recorded (bank_unmatches), all in one transaction.
/// </summary>
public sealed class BankLedger(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly RefusalCode DocumentMissing = new("bank.document-missing");
    public static readonly RefusalCode UnmatchReasonMissing = new("bank.unmatch-reason-missing");
    public static readonly RefusalCode NotMatched = new("bank.not-matched");
    public static readonly RefusalCode DocumentStatusUnknown = new("bank.document-status-unknown");
    static readonly string[] Statuses = ["matched", "partial", "credit", "review", "ignored", "outgoing", "transfer"];

    public async Task<IReadOnlyList<StatementRow>> StatementsAsync(int limit = 100, CancellationToken ct = default)
    {
        if (limit <= 0) throw new InvalidInput("limit", "--limit must be more than zero.");
        return await QueryStatementsAsync(null, limit, ct);
    }

    public async Task<StatementRow> StatementAsync(long id, CancellationToken ct = default) =>
        (await QueryStatementsAsync(id, 1, ct)).SingleOrDefault() ?? throw new NotFound($"There is no bank statement #{id}.");

    async Task<IReadOnlyList<StatementRow>> QueryStatementsAsync(long? id, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<StatementRow>(new CommandDefinition("""
            select s.id, s.file_name, coalesce(d.accounts, '') as accounts, d.period_from, d.period_to, s.imported_at, s.imported_by,
                   s.documents_read, s.incoming, s.matched, s.partial, s.to_credit, s.to_review, s.duplicates, s.outgoing,
                   s.times_seen, s.last_seen_at, s.last_seen_by
            from bank_statements s
            left join lateral (select string_agg(distinct our_account, ', ') as accounts, min(execution_date) as period_from,
                                      max(execution_date) as period_to
                               from bank_documents where statement_id = s.id) d on true
            where @id::bigint is null or s.id = @id
            order by s.id desc limit @limit
            """, new { id, limit }, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<DocumentRow>> DocumentsAsync(DocumentFilter f, CancellationToken ct = default)
    {
        if (f.Status is { } s && !Statuses.Contains(s))
            throw new InvalidInput(DocumentStatusUnknown, "status", $"A bank document's status is one of {string.Join(", ", Statuses)}, not '{s}'.");
        if (f.Limit <= 0) throw new InvalidInput("limit", "--limit must be more than zero.");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (f.ClientId is { } c && await conn.ExecuteScalarAsync<int?>(new CommandDefinition("select 1 from clients where id = @c", new { c }, cancellationToken: ct)) is null)
            throw new NotFound($"There is no client #{c}.");
        if (f.StatementId is { } st && await conn.ExecuteScalarAsync<int?>(new CommandDefinition("select 1 from bank_statements where id = @st", new { st }, cancellationToken: ct)) is null)
            throw new NotFound($"There is no bank statement #{st}.");
        return (await conn.QueryAsync<DocumentRow>(new CommandDefinition("""
            select d.id, d.statement_id, d.number, d.doc_date, d.execution_date, d.direction, d.amount, d.payer_name, d.payer_inn, d.purpose, d.status,
                   d.client_id,
                   (select string_agg(i.number::text, ', ' order by i.number) from bank_document_payments bp
                    join payments p on p.id = bp.payment_id join invoices i on i.id = p.invoice_id where bp.document_id = d.id) as invoice_numbers
            from bank_documents d
            where (@Status::text is null or d.status = @Status) and (@ClientId::int is null or d.client_id = @ClientId)
              and (@From::date is null or d.execution_date >= @From) and (@To::date is null or d.execution_date <= @To)
              and (@Amount::numeric is null or d.amount = @Amount) and (@StatementId::bigint is null or d.statement_id = @StatementId)
            order by d.execution_date desc, d.id desc limit @Limit
            """, f, cancellationToken: ct))).ToList();
    }

    public Task<UnmatchResult> UnmatchAsync(long documentId, string reason, string by, bool dryRun, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInput(UnmatchReasonMissing, "reason", "Say why the match is undone (--reason).");
        reason = reason.Trim();
        return Rehearsal.RunAsync(db, dryRun, async (conn, tx) =>
        {
            var doc = await conn.QuerySingleOrDefaultAsync<(string Status, string Number)?>(new CommandDefinition(
                          "select status, number from bank_documents where id = @documentId for update", new { documentId }, tx, cancellationToken: ct))
                      ?? throw new NotFound(DocumentMissing, $"There is no bank document #{documentId}.");
            if (doc.Status is not ("matched" or "partial" or "credit"))
                throw new Conflict(NotMatched, $"Bank document #{documentId} is {doc.Status}; only a matched document (matched, partial or credit) can be unmatched.");
            var undone = ReviewReason.Of(ReviewReason.MatchUndone, $"Match undone by {by}: {reason}");
            var paymentIds = (await conn.QueryAsync<long>(new CommandDefinition(
                "select payment_id from bank_document_payments where document_id = @documentId order by payment_id", new { documentId }, tx, cancellationToken: ct))).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            var today = BusinessDay.Today(clock);
            var reversed = new List<PaymentReversed>();
            foreach (var id in paymentIds)
                reversed.Add(await PaymentReversal.ReverseAsync(conn, tx, id, today, $"п/п {doc.Number}: {reason}", by, now, ct));
            await conn.ExecuteAsync(new CommandDefinition("""
                delete from bank_document_payments where document_id = @documentId;
                update bank_documents set status = 'review', client_id = null where id = @documentId;
                insert into bank_review_queue (document_id, reason, reason_code, reason_args, created_at)
                values (@documentId, @queueReason, @queueCode, @queueArgs::jsonb, @now)
                on conflict (document_id) do update set reason = excluded.reason, reason_code = excluded.reason_code, reason_args = excluded.reason_args,
                    resolved_by = null, resolved_at = null, resolution = null;
                insert into bank_unmatches (document_id, previous_status, payment_ids, reason, created_by, created_at)
                values (@documentId, @Status, @ids, @reason, @by, @now);
                """, new { documentId, queueReason = undone.Text, queueCode = undone.Code.Name, queueArgs = ReviewQueue.SerializeArguments(undone), now, doc.Status, ids = paymentIds.ToArray(), reason, by },
                tx, cancellationToken: ct));
            return new UnmatchResult(documentId, doc.Status, reversed, dryRun);
        }, ct);
    }
}
