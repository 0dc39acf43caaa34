using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using Dapper;
using Npgsql;

namespace BackOffice.Sync.Bank;

/// <summary>A queued document with what the matcher could not decide.</summary>
public sealed record ReviewItem(long QueueId, long DocumentId, string Number, DateOnly Date, decimal Amount, string? PayerName, string? PayerInn,
    string Purpose, string Reason, IReadOnlyList<ReviewCandidate> Candidates, DateTime QueuedAt, string? ReasonCode = null,
    IReadOnlyList<string>? ReasonArguments = null);

/// <summary>
/// Treasury's hand at the review queue (SPEC §3): a queued document goes onto invoices (split oldest first), to a client's
/// credit, or is ignored with a reason; each resolution records who and when, in one transaction with the money it moves.
/// </summary>
public sealed class ReviewDesk(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly RefusalCode InvoiceNumberMissing = new("review.invoice-number-missing");
    public static readonly RefusalCode InvoiceClosed = new("review.invoice-closed");
    public static readonly RefusalCode InvoiceOfAnotherClient = new("review.invoice-of-another-client");
    public static readonly RefusalCode InvoicesClosed = new("review.invoices-closed");
    public static readonly RefusalCode InvoicesOfAnotherClient = new("review.invoices-of-another-client");
    public static readonly RefusalCode NotThirdParty = new("review.not-third-party");
    public static readonly RefusalCode IgnoreReasonMissing = new("review.ignore-reason-missing");
    public static readonly RefusalCode ResolverMissing = new("review.resolver-missing");
    public static readonly RefusalCode NotQueued = new("review.not-queued");
    public static readonly RefusalCode AlreadyResolved = new("review.already-resolved");
    public static readonly RefusalCode NotIncoming = new("review.not-incoming");

    /// <summary>"№ 72001 is paid, № 72002 is cancelled", with the numbers and statuses kept apart for another language.</summary>
    internal static InvoicesSaying Statuses(IEnumerable<(long Number, string Status)> invoices) =>
        new(invoices.Select(i => (i.Number, i.Status)).ToList(), status => $"is {status}");

    /// <summary>"№ 72001 is client #5's", with the numbers and clients kept apart for another language.</summary>
    internal static InvoicesSaying Owners(IEnumerable<(long Number, int ClientId)> invoices) =>
        new(invoices.Select(i => (i.Number, i.ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(), client => $"is client #{client}'s");

    /// <summary>The documents waiting, oldest first; a limit and offset take one page of them (the web's), none takes all.</summary>
    public async Task<IReadOnlyList<ReviewItem>> ListAsync(CancellationToken ct = default, int? limit = null, int offset = 0)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition("""
            select q.id as queue_id, d.id as document_id, d.number, d.doc_date, d.amount, d.payer_name, d.payer_inn, d.purpose, q.reason,
                   q.reason_code, q.reason_args::text as reason_args, q.candidates::text as candidates, q.created_at
            from bank_review_queue q join bank_documents d on d.id = q.document_id
            where q.resolved_at is null order by q.id limit @limit offset @offset
            """, new { limit, offset }, cancellationToken: ct));
        return rows.Select(r => new ReviewItem(r.QueueId, r.DocumentId, r.Number, r.DocDate, r.Amount, r.PayerName, r.PayerInn, r.Purpose,
            r.Reason, ReviewQueue.Read(r.Candidates), r.CreatedAt, r.ReasonCode, ReviewQueue.ReadArguments(r.ReasonArgs))).ToList();
    }

    /// <summary>How many waiting documents come before this one in the queue's order; null when it does not wait.</summary>
    public async Task<int?> PositionAsync(long documentId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            select (select count(*) from bank_review_queue o where o.resolved_at is null and o.id < q.id)::int
            from bank_review_queue q where q.document_id = @documentId and q.resolved_at is null
            """, new { documentId }, cancellationToken: ct));
    }

    /// <summary>How many documents wait for treasury's hand.</summary>
    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*)::int from bank_review_queue where resolved_at is null", cancellationToken: ct));
    }

    /// <summary>
    /// Pays the invoices (by number) oldest first; what is left over goes to the last invoice's client's credit. An invoice
    /// of a client other than the payer takes the money only when treasury says it is a third-party payment, and that is recorded.
    /// </summary>
    public Task<string> MatchToInvoicesAsync(long documentId, IReadOnlyList<long> invoiceNumbers, string by, CancellationToken ct = default,
        bool thirdParty = false, bool dryRun = false)
    {
        if (invoiceNumbers.Count == 0)
            throw new InvalidInput(InvoiceNumberMissing, "invoice", "Name at least one invoice number.");
        return ResolveAsync(documentId, by, true, dryRun, ct, async (conn, tx, doc, queued) =>
        {
            var numbers = invoiceNumbers.Distinct().ToArray();
            var invoices = (await conn.QueryAsync<(long Id, long Number, int ClientId, string Status, decimal BalanceDue, string? Inn)>(new CommandDefinition("""
                select i.id, i.number, i.client_id, i.status, i.total - i.credit_applied - i.amount_paid, c.inn
                from invoices i join clients c on c.id = i.client_id
                where i.number = any(@numbers) order by i.issue_date, i.number
                """, new { numbers }, tx, cancellationToken: ct))).ToList();
            var missing = numbers.Where(n => invoices.All(i => i.Number != n)).ToList();
            if (missing.Count > 0)
                throw new NotFound(Refusals.InvoiceMissing, $"There is no invoice № {string.Join(", ", missing)}.");
            var closed = invoices.Where(i => i.Status is not ("unpaid" or "collections")).ToList();
            // One invoice (the usual case) names its number and status apart, so a screen can say them in its own words.
            if (closed is [var one] && !thirdParty)
                throw new Conflict(InvoiceClosed, $"Invoice № {one.Number} is {one.Status}; send the money to credit instead.");
            if (closed.Count > 0)
                throw new Conflict(InvoicesClosed, $"Invoice {Statuses(closed.Select(i => (i.Number, i.Status)))}; " +
                    $"{(thirdParty ? "a third-party payment cannot go onto it either." : "send the money to credit instead.")}");
            var foreign = invoices.Where(i => !queued.IsPayer(i.ClientId, i.Inn)).ToList();
            if (foreign is [var theirs] && !thirdParty)
                throw new Conflict(InvoiceOfAnotherClient, $"Invoice № {theirs.Number} is client #{theirs.ClientId}'s, " +
                    $"not the payer's ({queued.PayerDescription}): if the payer really pays for that client, match it again with --third-party.");
            if (foreign.Count > 0 && !thirdParty)
                throw new Conflict(InvoicesOfAnotherClient, $"Invoice {Owners(foreign.Select(i => (i.Number, i.ClientId)))}, " +
                    $"not the payer's ({queued.PayerDescription}): if the payer really pays for that client, match it again with --third-party.");
            if (foreign.Count == 0 && thirdParty)
                throw new InvalidInput(NotThirdParty, "third-party", $"Invoice № {string.Join(", ", invoices.Select(i => i.Number))} is the payer's own " +
                    $"({queued.PayerDescription}): this is not a third-party payment; match it without --third-party.");
            var status = await PaymentMatcher.ApplyToInvoicesAsync(new PaymentBook(db, clock), conn, tx, doc.Id, doc.Document, doc.ExecutionDate,
                invoices.Select(i => (i.Id, i.BalanceDue)).ToList(), by, ct);
            var clients = invoices.Select(i => i.ClientId).Distinct().ToList();
            var resolution = $"invoices {string.Join(", ", invoices.Select(i => i.Number))}" +
                (thirdParty ? $"; third-party payment by {queued.PayerDescription}" : "");
            return new Resolution(status, clients.Count == 1 ? clients[0] : null, resolution, thirdParty);
        });
    }

    public Task<string> ToCreditAsync(long documentId, int clientId, string by, CancellationToken ct = default, bool dryRun = false) =>
        ResolveAsync(documentId, by, true, dryRun, ct, async (conn, tx, doc, queued) =>
        {
            var client = (await conn.QueryAsync<(int Id, string? Inn)>(new CommandDefinition("select id, inn from clients where id = @clientId",
                new { clientId }, tx, cancellationToken: ct))).ToList();
            if (client.Count == 0)
                throw new NotFound(Refusals.ClientMissing, $"There is no client #{clientId}.");
            var applied = await new PaymentBook(db, clock).RecordCreditAsync(conn, tx, clientId,
                new PaymentInput(doc.ExecutionDate, doc.Document.Amount, PaymentMatcher.Method, $"п/п {doc.Document.Number}"),
                $"Платёж п/п № {doc.Document.Number} от {doc.Document.Date:dd.MM.yyyy} на аванс", by, ct);
            await PaymentMatcher.LinkAsync(conn, tx, doc.Id, applied.PaymentId, ct);
            return new Resolution("credit", clientId, $"credit of client #{clientId}", !queued.IsPayer(clientId, client[0].Inn));
        });

    public Task<string> IgnoreAsync(long documentId, string reason, string by, CancellationToken ct = default, bool dryRun = false)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInput(IgnoreReasonMissing, "reason", "Say why the document is ignored.");
        return ResolveAsync(documentId, by, false, dryRun, ct, (_, _, _, _) => Task.FromResult(new Resolution("ignored", null, $"ignored: {reason.Trim()}", false)));
    }

    async Task<string> ResolveAsync(long documentId, string by, bool movesMoney, bool dryRun, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, StoredDocument, QueuedRow, Task<Resolution>> resolve)
    {
        if (string.IsNullOrWhiteSpace(by))
            throw new InvalidInput(ResolverMissing, "by", "Say who resolves the item.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var queued = await conn.QuerySingleOrDefaultAsync<QueuedRow>(new CommandDefinition("""
            select q.id, q.resolved_at, d.id as document_id, d.number, d.doc_date, d.amount, d.execution_date, d.direction, d.purpose, d.kind,
                   d.payer_inn, d.payer_name, d.client_id
            from bank_documents d left join bank_review_queue q on q.document_id = d.id
            where d.id = @documentId for update of d
            """, new { documentId }, tx, cancellationToken: ct))
            ?? throw new NotFound(BankLedger.DocumentMissing, $"There is no bank document #{documentId}.");
        if (queued.Id is null)
            throw new Conflict(NotQueued, $"Bank document #{documentId} is not in the review queue.");
        if (queued.ResolvedAt is not null)
            throw new Conflict(AlreadyResolved, $"Bank document #{documentId} was resolved already.");
        if (movesMoney && queued.Direction != "incoming")
            throw new Conflict(NotIncoming, $"Bank document #{documentId} is not a payment to the company ({queued.Direction}); it can only be ignored.");
        var doc = new StoredDocument(documentId, new BankDocument
        {
            LineNumber = 0, Kind = queued.Kind, Number = queued.Number, Date = queued.DocDate, Amount = queued.Amount, Payer = Party.None,
            Recipient = Party.None, Purpose = queued.Purpose, Fields = new Dictionary<string, string>(),
        }, Direction.Incoming, queued.ExecutionDate, null);
        var (status, clientId, resolution, thirdParty) = await resolve(conn, tx, doc, queued);
        var now = clock.GetUtcNow().UtcDateTime;
        await conn.ExecuteAsync(new CommandDefinition("""
            update bank_review_queue set resolved_by = @by, resolved_at = @now, resolution = @resolution where id = @Id;
            update bank_documents set status = @status, client_id = coalesce(@clientId, client_id), third_party = @thirdParty where id = @documentId;
            """, new { by = by.Trim(), now, resolution, queued.Id, status, clientId, thirdParty, documentId }, tx, cancellationToken: ct));
        await tx.FinishAsync(dryRun, ct);
        return status;
    }

    /// <summary>What a resolution did; a third-party one never teaches the matcher the payer's account.</summary>
    sealed record Resolution(string Status, int? ClientId, string Text, bool ThirdParty);

    sealed class QueuedRow
    {
        public string? PayerInn { get; set; }
        public string? PayerName { get; set; }
        public int? ClientId { get; set; }

        /// <summary>The matcher's payer if it found one; else a client with the payer's ИНН; a payer without either is treasury's call.</summary>
        public bool IsPayer(int clientId, string? clientInn) =>
            ClientId == clientId
            || (!string.IsNullOrWhiteSpace(PayerInn) && PayerInn.Trim() == clientInn)
            || (ClientId is null && string.IsNullOrWhiteSpace(PayerInn));

        public string PayerDescription =>
            ClientId is { } id ? $"client #{id}" : $"{PayerName ?? "unnamed"}, ИНН {(string.IsNullOrWhiteSpace(PayerInn) ? "none" : PayerInn)}";

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
        public string? ReasonCode { get; set; }
        public string? ReasonArgs { get; set; }
        public string Candidates { get; set; } = "[]";
        public DateTime CreatedAt { get; set; }
    }
}
