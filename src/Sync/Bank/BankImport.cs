using System.Security.Cryptography;
using BackOffice.Ledger.Billing;
using Dapper;
using Npgsql;

namespace BackOffice.Sync.Bank;

/// <summary>What one imported file did (SPEC §3 "Each import ends with a summary").</summary>
public sealed record ImportSummary(long StatementId, string FileName, int DocumentsRead, int Incoming, int Matched, int Partial,
    int ToCredit, int ToReview, int Duplicates, int Outgoing)
{
    /// <summary>Each balance section's <c>ВсегоПоступило</c>/<c>ВсегоСписано</c> against its documents (none for CSV).</summary>
    public IReadOnlyList<BalanceReport> Balances { get; init; } = [];

    /// <summary>What the parser tolerated (no money in it), each naming its line.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The very same file was imported before: recorded on that statement (<see cref="StatementId"/>), no second row.</summary>
    public bool SeenAgain { get; init; }

    /// <summary>The whole import was done and rolled back: what the real run would do, nothing stored.</summary>
    public bool DryRun { get; init; }
}

/// <summary>
/// Imports a statement file whole or not at all: one transaction per file, documents stored once under their natural key,
/// incoming payments matched to invoices. A <see cref="StatementRejected"/> from the parser rolls everything back.
/// </summary>
public sealed partial class BankImport(NpgsqlDataSource db, TimeProvider clock, CsvStatementMap? csvMap = null,
    BackOffice.Sync.Accounting.DocumentNumberFormat? oneCNumbers = null)
{
    public const string CsvMapSection = "BackOffice:Bank:Csv";

    /// <summary>
    /// Documents matched together (<see cref="ImportChunkAsync"/>); 1 takes them one at a time, as before batching, with the same
    /// outcome (the tests compare the two).
    /// </summary>
    public int ChunkSize { get; init; } = 1000;

    /// <summary>
    /// A .csv file is read with the configured column map (BackOffice:Bank:Csv); anything else as 1CClientBankExchange.
    /// Within a chunk clients are locked in ascending id, but a file of several chunks holds the earlier chunks' locks while
    /// it takes the next: two large statements at once can still deadlock. The victim's transaction is rolled back whole, so
    /// the file is read again from the start, up to <see cref="DeadlockRetries"/> times.
    /// </summary>
    /// <param name="progress">Documents read so far (the total is not known before the end: the file is read once, as it streams).</param>
    /// <param name="fileName">The name the statement is recorded under, when the file on disk is a copy (a page's upload); else the file's own.</param>
    public async Task<ImportSummary> ImportFileAsync(string path, string by, CancellationToken ct = default, bool dryRun = false,
        IProgress<(int Done, int Total)>? progress = null, string? fileName = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ImportFileOnceAsync(path, fileName ?? Path.GetFileName(path), by, dryRun, progress, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt <= DeadlockRetries)
            {
            }
        }
    }

    public const int DeadlockRetries = 3;

    async Task<ImportSummary> ImportFileOnceAsync(string path, string fileName, string by, bool dryRun, IProgress<(int Done, int Total)>? progress,
        CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        if (!fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return await ImportAsync(file, fileName, by, ct, dryRun, progress);
        if (csvMap is null)
            throw new StatementRejected($"a CSV statement needs its column map: set {CsvMapSection} (separator, encoding, column names)");
        return await ImportCsvAsync(file, csvMap, fileName, by, ct, dryRun, progress);
    }

    public async Task<ImportSummary> ImportAsync(Stream stream, string fileName, string by, CancellationToken ct = default, bool dryRun = false,
        IProgress<(int Done, int Total)>? progress = null)
    {
        await using var hashing = new HashingStream(stream);
        return await ImportItemsAsync(StatementParser.Read(hashing), hashing, fileName, by, dryRun, progress, ct);
    }

    /// <summary>A CSV statement read with its column map; the same rules as the 1C format.</summary>
    public async Task<ImportSummary> ImportCsvAsync(Stream stream, CsvStatementMap map, string fileName, string by, CancellationToken ct = default,
        bool dryRun = false, IProgress<(int Done, int Total)>? progress = null)
    {
        await using var hashing = new HashingStream(stream);
        return await ImportItemsAsync(new CsvStatementReader(map).Read(hashing), hashing, fileName, by, dryRun, progress, ct, map.OwnAccount);
    }

    async Task<ImportSummary> ImportItemsAsync(IEnumerable<StatementItem> items, HashingStream hashing, string fileName, string by, bool dryRun,
        IProgress<(int Done, int Total)>? progress, CancellationToken ct, string? csvAccount = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var own = (await conn.QueryAsync<string>(new CommandDefinition(
            "select account from organisation_bank_accounts", transaction: tx, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        if (csvAccount is not null)
            RefuseForeignAccount(own, csvAccount, null, CsvMapSection + ":OwnAccount");
        var statementId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into bank_statements (file_name, sha256, imported_by, imported_at) values (@fileName, @sha, @by, @now) returning id
            """, new { fileName, sha = new string('0', 64), by, now }, tx, cancellationToken: ct));
        var store = new BankDocumentStore(conn, tx, now);
        var matcher = new PaymentMatcher(new PaymentBook(db, clock), oneCNumbers);
        var tally = new Tally();
        BalanceTally? balances = null;
        StatementHeader? statementHeader = null;
        var chunk = new List<BankDocument>(Math.Max(1, ChunkSize));
        foreach (var item in items)
        {
            switch (item)
            {
                case StatementHeader header:
                    foreach (var account in header.Accounts)
                        RefuseForeignAccount(own, account, null, StatementKeys.Account);
                    balances = new BalanceTally(header);
                    statementHeader = header;
                    continue;
                case BalanceSection section:
                    if (section.Account is { } sectionAccount)
                        RefuseForeignAccount(own, sectionAccount, section.LineNumber, StatementKeys.Account);
                    balances?.Add(section);
                    continue;
                case not BankDocument:
                    continue;
            }

            var document = (BankDocument)item;
            balances?.Add(document);
            tally.Read++;
            if (ChunkSize > 1)
            {
                chunk.Add(document);
                if (chunk.Count >= ChunkSize)
                {
                    await ImportChunkAsync(conn, tx, store, matcher, statementId, chunk, own, tally, by, ct);
                    chunk.Clear();
                    progress?.Report((tally.Read, 0));
                }
                continue;
            }

            await ImportOneAsync(conn, tx, store, matcher, statementId, document, own, tally, by, ct);
            progress?.Report((tally.Read, 0));
        }

        await ImportChunkAsync(conn, tx, store, matcher, statementId, chunk, own, tally, by, ct);
        progress?.Report((tally.Read, tally.Read));

        hashing.Drain();
        var sha = hashing.Hex();
        var seenAgain = tally.Duplicates == tally.Read ? await SeenBeforeAsync(conn, tx, sha, statementId, by, now, ct) : null;
        if (seenAgain is null)
            await conn.ExecuteAsync(new CommandDefinition("""
                update bank_statements set sha256 = @sha, documents_read = @Read, incoming = @Incoming, matched = @Matched, partial = @Partial,
                    to_credit = @ToCredit, to_review = @ToReview, duplicates = @Duplicates, outgoing = @Outgoing
                where id = @statementId
                """, new { sha, tally.Read, tally.Incoming, tally.Matched, tally.Partial, tally.ToCredit, tally.ToReview,
                tally.Duplicates, tally.Outgoing, statementId }, tx, cancellationToken: ct));
        await PaymentClaims.CheckAsync(conn, tx, now, ct);
        await tx.FinishAsync(dryRun, ct);
        return new ImportSummary(seenAgain ?? statementId, fileName, tally.Read, tally.Incoming, tally.Matched, tally.Partial, tally.ToCredit,
            tally.ToReview, tally.Duplicates, tally.Outgoing)
        {
            Balances = balances?.Results().Select(BalanceReport.From).ToList() ?? [],
            Warnings = statementHeader?.Warnings.ToList() ?? [],
            SeenAgain = seenAgain is not null,
            DryRun = dryRun,
        };
    }

    /// <summary>
    /// The same bytes imported before: that statement records it was seen again, and this import's row (which holds no
    /// document, all were duplicates) is dropped. Returns that statement's id, or null for a file not seen before.
    /// </summary>
    static async Task<long?> SeenBeforeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sha, long statementId, string by, DateTime now,
        CancellationToken ct)
    {
        var first = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            update bank_statements set times_seen = times_seen + 1, last_seen_at = @now, last_seen_by = @by
            where id = (select min(id) from bank_statements where sha256 = @sha and id <> @statementId)
            returning id
            """, new { sha, statementId, by, now }, tx, cancellationToken: ct));
        if (first is not null)
            await conn.ExecuteAsync(new CommandDefinition("delete from bank_statements where id = @statementId", new { statementId }, tx,
                cancellationToken: ct));
        return first;
    }

    /// <summary>A statement of an account none of our organisations holds is someone else's: refused whole, not queued document by document.</summary>
    static void RefuseForeignAccount(IReadOnlySet<string> own, string account, int? line, string key)
    {
        if (!own.Contains(account.Trim()))
            throw new StatementRejected(StatementRejected.AccountNotOurs, $"the statement is for account {account.Trim()}, which none of our organisations holds: if it is ours, " +
                $"add it with `backoffice org account add ORG --account {account.Trim()} --bik BIK --bank \"BANK\"` and import the file again", line, key);
    }

    static async Task ImportOneAsync(NpgsqlConnection conn, NpgsqlTransaction tx, BankDocumentStore store, PaymentMatcher matcher, long statementId,
        BankDocument document, IReadOnlySet<string> own, Tally tally, string by, CancellationToken ct)
    {
        var stored = await store.AddAsync(statementId, document, own, ct);
        if (stored is null)
            tally.Duplicates++;
        else
            tally.Count(await ProcessAsync(conn, tx, store, matcher, stored, by, ct));
    }

    static async Task<(string Status, bool Incoming)> ProcessAsync(NpgsqlConnection conn, NpgsqlTransaction tx, BankDocumentStore store,
        PaymentMatcher matcher, StoredDocument stored, string by, CancellationToken ct)
    {
        if (stored.ConflictOf is { } original)
        {
            await ReviewQueue.AddAsync(conn, tx, stored.Id, ReviewReason.Of(ReviewReason.SameKeyOtherContent,
                $"A document with the same key (account, direction, date, number, amount, counterparty) was imported before with other content: document #{original}."),
                [new ReviewCandidate("document", original, null, null, null, null, null)], store.Now, ct);
            return ("review", stored.Direction == Direction.Incoming);
        }

        switch (stored.Direction)
        {
            case Direction.Incoming:
                var outcome = await matcher.MatchAsync(conn, tx, stored, by, ct);
                await store.SetStatusAsync(stored.Id, outcome.Status, outcome.ClientId, ct);
                if (outcome.Status == "review")
                    await ReviewQueue.AddAsync(conn, tx, stored.Id, outcome.Reason!, outcome.Candidates, store.Now, ct);
                return (outcome.Status, true);
            case Direction.Outgoing:
                await store.SetStatusAsync(stored.Id, "outgoing", null, ct);
                return ("outgoing", false);
            case Direction.OwnTransfer:
                await store.SetStatusAsync(stored.Id, "transfer", null, ct);
                return ("transfer", false);
            default:
                await ReviewQueue.AddAsync(conn, tx, stored.Id, UnknownDirection, [], store.Now, ct);
                return ("review", false);
        }
    }

    sealed class Tally
    {
        public int Read, Incoming, Matched, Partial, ToCredit, ToReview, Duplicates, Outgoing;

        public void Count((string Status, bool Incoming) result)
        {
            if (result.Incoming) Incoming++;
            switch (result.Status)
            {
                case "matched": Matched++; break;
                case "partial": Partial++; break;
                case "credit": ToCredit++; break;
                case "review": ToReview++; break;
                case "outgoing" or "transfer": Outgoing++; break;
            }
        }
    }

    /// <summary>Hashes what the parser reads, so a file is read once however large it is. The inner stream stays the caller's.</summary>
    sealed class HashingStream(Stream inner) : Stream
    {
        readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            hash.AppendData(buffer, offset, n);
            return n;
        }

        public void Drain()
        {
            var buffer = new byte[64 * 1024];
            while (Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }

        public string Hex() => Convert.ToHexStringLower(hash.GetHashAndReset());

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
