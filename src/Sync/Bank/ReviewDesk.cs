using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using Dapper;
using Npgsql;

namespace BackOffice.Sync.Bank;

/// <summary>A queued document with what the matcher could not decide.</summary>
public sealed record ReviewItem(long QueueId, long DocumentId, string Number, DateOnly Date, decimal Amount, string? PayerName, string? PayerInn,
    string Purpose, string Reason, IReadOnlyList<ReviewCandidate> Candidates, DateTime QueuedAt);

/// <summary>
/// Treasury's hand at the review queue (SPEC §3): a queued document goes onto invoices (split oldest first), to a client's
/// credit, or is ignored with a reason; each resolution records who and when, in one transaction with the money it moves.
/// </summary>
public sealed class ReviewDesk(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReviewItem>> ListAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition("""
            select q.id as queue_id, d.id as document_id, d.number, d.doc_date, d.amount, d.payer_name, d.payer_inn, d.purpose, q.reason,
                   q.candidates::text as candidates, q.created_at
            from bank_review_queue q join bank_documents d on d.id = q.document_id
            where q.resolved_at is null order by q.id
            """, cancellationToken: ct));
        return rows.Select(r => new ReviewItem(r.QueueId, r.DocumentId, r.Number, r.DocDate, r.Amount, r.PayerName, r.PayerInn, r.Purpose,
            r.Reason, ReviewQueue.Read(r.Candidates), r.CreatedAt)).ToList();
    }

    /// <summary>Pays the invoices (by number) oldest first; what is left over goes to the last invoice's client's credit.</summary>
    public Task<string> MatchToInvoicesAsync(long documentId, IReadOnlyList<long> invoiceNumbers, string by, CancellationToken ct = default)
    {
        if (invoiceNumbers.Count == 0)
            throw new InvalidInput("invoice", "Name at least one invoice number.");
        return ResolveAsync(documentId, by, true, ct, async (conn, tx, doc) =>
        {
            var numbers = invoiceNumbers.Distinct().ToArray();
            var invoices = (await conn.QueryAsync<(long Id, long Number, int ClientId, string Status, decimal BalanceDue)>(new CommandDefinition("""
                select id, number, client_id, status, total - credit_applied - amount_paid from invoices
                where number = any(@numbers) order by issue_date, number
                """, new { numbers }, tx, cancellationToken: ct))).ToList();
            var missing = numbers.Where(n => invoices.All(i => i.Number != n)).ToList();
            if (missing.Count > 0)
                throw new NotFound($"There is no invoice № {string.Join(", ", missing)}.");
            var closed = invoices.Where(i => i.Status is not ("unpaid" or "collections")).ToList();
            if (closed.Count > 0)
                throw new Conflict($"Invoice {string.Join(", ", closed.Select(i => $"№ {i.Number} is {i.Status}"))}; send the money to credit instead.");
            var status = await PaymentMatcher.ApplyToInvoicesAsync(new PaymentBook(db, clock), conn, tx, doc.Id, doc.Document, doc.ExecutionDate,
                invoices.Select(i => (i.Id, i.BalanceDue)).ToList(), by, ct);
            var clients = invoices.Select(i => i.ClientId).Distinct().ToList();
            return (status, clients.Count == 1 ? clients[0] : (int?)null, $"invoices {string.Join(", ", invoices.Select(i => i.Number))}");
        });
    }

    public Task<string> ToCreditAsync(long documentId, int clientId, string by, CancellationToken ct = default) =>
        ResolveAsync(documentId, by, true, ct, async (conn, tx, doc) =>
        {
            if (await conn.ExecuteScalarAsync<int>(new CommandDefinition("select count(*) from clients where id = @clientId", new { clientId }, tx,
                    cancellationToken: ct)) == 0)
                throw new NotFound($"There is no client #{clientId}.");
            var applied = await new PaymentBook(db, clock).RecordCreditAsync(conn, tx, clientId,
                new PaymentInput(doc.ExecutionDate, doc.Document.Amount, PaymentMatcher.Method, $"п/п {doc.Document.Number}"),
                $"Платёж п/п № {doc.Document.Number} от {doc.Document.Date:dd.MM.yyyy} на аванс", by, ct);
            await PaymentMatcher.LinkAsync(conn, tx, doc.Id, applied.PaymentId, ct);
            return ("credit", clientId, $"credit of client #{clientId}");
        });

    public Task<string> IgnoreAsync(long documentId, string reason, string by, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInput("reason", "Say why the document is ignored.");
        return ResolveAsync(documentId, by, false, ct, (_, _, _) => Task.FromResult(("ignored", (int?)null, $"ignored: {reason.Trim()}")));
    }

    async Task<string> ResolveAsync(long documentId, string by, bool movesMoney, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, StoredDocument, Task<(string Status, int? ClientId, string Resolution)>> resolve)
    {
        if (string.IsNullOrWhiteSpace(by))
            throw new InvalidInput("by", "Say who resolves the item.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var queued = await conn.QuerySingleOrDefaultAsync<QueuedRow>(new CommandDefinition("""
            select q.id, q.resolved_at, d.id as document_id, d.number, d.doc_date, d.amount, d.execution_date, d.direction, d.purpose, d.kind
            from bank_documents d left join bank_review_queue q on q.document_id = d.id
            where d.id = @documentId for update of d
            """, new { documentId }, tx, cancellationToken: ct))
            ?? throw new NotFound($"There is no bank document #{documentId}.");
        if (queued.Id is null)
            throw new Conflict($"Bank document #{documentId} is not in the review queue.");
        if (queued.ResolvedAt is not null)
            throw new Conflict($"Bank document #{documentId} was resolved already.");
        if (movesMoney && queued.Direction != "incoming")
            throw new Conflict($"Bank document #{documentId} is not a payment to the company ({queued.Direction}); it can only be ignored.");
        var doc = new StoredDocument(documentId, new BankDocument
        {
            LineNumber = 0, Kind = queued.Kind, Number = queued.Number, Date = queued.DocDate, Amount = queued.Amount, Payer = Party.None,
            Recipient = Party.None, Purpose = queued.Purpose, Fields = new Dictionary<string, string>(),
        }, Direction.Incoming, queued.ExecutionDate, null);
        var (status, clientId, resolution) = await resolve(conn, tx, doc);
        var now = clock.GetUtcNow().UtcDateTime;
        await conn.ExecuteAsync(new CommandDefinition("""
            update bank_review_queue set resolved_by = @by, resolved_at = @now, resolution = @resolution where id = @Id;
            update bank_documents set status = @status, client_id = coalesce(@clientId, client_id) where id = @documentId;
            """, new { by = by.Trim(), now, resolution, queued.Id, status, clientId, documentId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return status;
    }

    sealed class QueuedRow
    {
        public long? Id { get; set; }
        public DateTime? ResolvedAt { get; set; }
        public long DocumentId { get; set; }
        public string Number { get; set; } = "";
        public DateOnly DocDate { get; set; }
        public decimal Amount { get; set; }
        public DateOnly ExecutionDate { get; set; }
        public string Direction { get; set; } = "";
        public string Purpose { get; set; } = "";
        public string Kind { get; set; } = "";
    }

    sealed class Row
    {
        public long QueueId { get; set; }
        public long DocumentId { get; set; }
        public string Number { get; set; } = "";
        public DateOnly DocDate { get; set; }
        public decimal Amount { get; set; }
        public string? PayerName { get; set; }
        public string? PayerInn { get; set; }
        public string Purpose { get; set; } = "";
        public string Reason { get; set; } = "";
        public string Candidates { get; set; } = "[]";
        public DateTime CreatedAt { get; set; }
    }
}
