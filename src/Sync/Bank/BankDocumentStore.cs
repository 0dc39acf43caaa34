using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace BackOffice.Sync.Bank;

/// <summary>A document as stored: its row id, the direction decided for it, and the row it collides with if any.</summary>
public sealed record StoredDocument(long Id, BankDocument Document, Direction Direction, DateOnly ExecutionDate, long? ConflictOf);

/// <summary>
/// bank_documents inside the import's transaction. The unique key (our account, direction, execution date, normalised
/// number, amount, counterparty) does the guarding: the same document again is not stored; the same key with other content
/// is stored once as a conflict for review.
/// </summary>
internal sealed class BankDocumentStore(NpgsqlConnection conn, NpgsqlTransaction tx, DateTime now)
{
    public DateTime Now => now;

    /// <summary>The row a document is stored as: its direction decided, its natural key and content hash computed.</summary>
    public sealed record Row(long statementId, int LineNumber, string OurAccount, string Direction, DateOnly executionDate, string NumberKey,
        decimal Amount, string CounterpartyKey, string ContentSha256, string Kind, string Number, DateOnly DocDate, string? PayerName,
        string? PayerInn, string? PayerKpp, string? PayerAccount, string? PayerBic, string? RecipientName, string? RecipientInn,
        string? RecipientKpp, string? RecipientAccount, string? RecipientBic, string Purpose, string Fields, DateTime now)
    {
        public (string, string, DateOnly, string, decimal, string) Key => (OurAccount, Direction, executionDate, NumberKey, Amount, CounterpartyKey);
    }

    public Row RowOf(long statementId, BankDocument d, Direction direction) =>
        new(statementId, d.LineNumber, OurAccount(d, direction), DirectionName(direction), d.ExecutionDateFor(direction), NormaliseNumber(d.Number),
            d.Amount, CounterpartyKey(d, direction), ContentHash(d), d.Kind, d.Number, d.Date,
            d.Payer.Name, d.Payer.Inn, d.Payer.Kpp, d.Payer.Account, d.Payer.Bic,
            d.Recipient.Name, d.Recipient.Inn, d.Recipient.Kpp, d.Recipient.Account, d.Recipient.Bic,
            d.Purpose, FieldsJson(d.Fields), now);

    [ThreadStatic] static ArrayBufferWriter<byte>? fieldsBuffer;

    /// <summary>
    /// The section's keys as a JSON object for the jsonb column. Cyrillic is written as it is, not as \u escapes (jsonb
    /// stores the same value either way): about half the bytes to send and for the server to parse, per document.
    /// </summary>
    internal static string FieldsJson(IReadOnlyDictionary<string, string> fields)
    {
        var buffer = fieldsBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            json.WriteStartObject();
            foreach (var (key, value) in fields)
                json.WriteString(key, value);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The stored document, or null when it was there already (a duplicate to skip).</summary>
    public async Task<StoredDocument?> AddAsync(long statementId, BankDocument d, IReadOnlySet<string> own, CancellationToken ct)
    {
        var direction = d.DirectionFor(own);
        var executionDate = d.ExecutionDateFor(direction);
        var row = RowOf(statementId, d, direction);
        var id = await InsertAsync(row, conflictOf: null, ct);
        if (id is { } fresh)
            return new StoredDocument(fresh, d, direction, executionDate, null);

        var existing = await conn.QuerySingleAsync<(long Id, string Sha)>(new CommandDefinition("""
            select id, content_sha256 from bank_documents
            where our_account = @OurAccount and direction = @Direction and execution_date = @executionDate and number_key = @NumberKey
              and amount = @Amount and counterparty_key = @CounterpartyKey and content_conflict_of is null
            """, row, tx, cancellationToken: ct));
        if (existing.Sha == row.ContentSha256)
            return null;
        var conflict = await InsertAsync(row, existing.Id, ct);
        return conflict is { } c ? new StoredDocument(c, d, direction, executionDate, existing.Id) : null;
    }

    /// <summary>
    /// Before a chunk is matched: ids drawn in order for the rows, and for each row the content hash stored under its key
    /// (not a conflict row), or null when the key is free. One round trip.
    /// </summary>
    public async Task<(long[] Ids, string?[] Taken)> IdsAndTakenAsync(IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var ids = new long[rows.Count];
        var taken = new string?[rows.Count];
        if (rows.Count == 0) return (ids, taken);
        await using var batch = new NpgsqlBatch(conn, tx);
        var draw = new NpgsqlBatchCommand("select nextval(pg_get_serial_sequence('bank_documents', 'id')) from generate_series(1, $1)");
        draw.Parameters.Add(P(rows.Count));
        batch.BatchCommands.Add(draw);
        // One probe of the key's index per row (a lateral sub-select with a limit, which the planner does not flatten; the key is
        // unique among non-conflict rows, so the limit drops nothing): as a join, a table the import is filling (never analyzed: the planner
        // takes its rows "where content_conflict_of is null" for a handful) was read whole and sorted for each chunk, so the
        // look-up grew with the table (bench/BankImport: 20 of 55 s at 100,000 documents).
        var lookup = new NpgsqlBatchCommand("""
            select r.ord, b.content_sha256
            from unnest($1, $2, $3, $4, $5, $6) with ordinality as r(our_account, direction, execution_date, number_key, amount, counterparty_key, ord)
            cross join lateral (
                select b.content_sha256 from bank_documents b
                where b.our_account = r.our_account and b.direction = r.direction and b.execution_date = r.execution_date
                  and b.number_key = r.number_key and b.amount = r.amount and b.counterparty_key = r.counterparty_key and b.content_conflict_of is null
                limit 1
            ) b
            """);
        lookup.Parameters.Add(P(rows.Select(r => r.OurAccount).ToArray()));
        lookup.Parameters.Add(P(rows.Select(r => r.Direction).ToArray()));
        lookup.Parameters.Add(P(rows.Select(r => r.executionDate).ToArray()));
        lookup.Parameters.Add(P(rows.Select(r => r.NumberKey).ToArray()));
        lookup.Parameters.Add(P(rows.Select(r => r.Amount).ToArray()));
        lookup.Parameters.Add(P(rows.Select(r => r.CounterpartyKey).ToArray()));
        batch.BatchCommands.Add(lookup);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var n = 0; await reader.ReadAsync(ct); n++)
            ids[n] = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            taken[reader.GetInt64(0) - 1] = reader.GetString(1);
        return (ids, taken);
    }

    /// <summary>
    /// Rows with their outcome (status and payer) already decided, in one statement, under the ids drawn by
    /// <see cref="IdsAndTakenAsync"/>: the ids stored. A row whose key was taken meanwhile (another import committed it)
    /// is left out.
    /// </summary>
    public async Task<HashSet<long>> AddManyAsync(IReadOnlyList<(long Id, Row Row, string Status, int? ClientId)> rows, CancellationToken ct)
    {
        var stored = new HashSet<long>(rows.Count);
        if (rows.Count == 0) return stored;
        await using var cmd = new NpgsqlCommand("""
            insert into bank_documents (id, statement_id, line_number, our_account, direction, execution_date, number_key, amount,
                counterparty_key, content_sha256, kind, number, doc_date, payer_name, payer_inn, payer_kpp,
                payer_account, payer_bic, recipient_name, recipient_inn, recipient_kpp, recipient_account, recipient_bic, purpose,
                fields, status, client_id, created_at)
            select r.id, $1, r.line_number, r.our_account, r.direction, r.execution_date, r.number_key, r.amount, r.counterparty_key, r.content_sha256,
                   r.kind, r.number, r.doc_date, r.payer_name, r.payer_inn, r.payer_kpp, r.payer_account, r.payer_bic, r.recipient_name,
                   r.recipient_inn, r.recipient_kpp, r.recipient_account, r.recipient_bic, r.purpose, r.fields::jsonb, r.status, r.client_id, $25
            from unnest($26, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $27, $28)
                 as r(id, line_number, our_account, direction, execution_date, number_key, amount, counterparty_key, content_sha256,
                   kind, number, doc_date, payer_name, payer_inn, payer_kpp, payer_account, payer_bic, recipient_name, recipient_inn,
                   recipient_kpp, recipient_account, recipient_bic, purpose, fields, status, client_id)
            order by r.id
            on conflict do nothing
            returning id
            """, conn, tx);
        cmd.Parameters.Add(P(rows[0].Row.statementId));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.LineNumber).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.OurAccount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.Direction).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.executionDate).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.NumberKey).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.Amount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.CounterpartyKey).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.ContentSha256).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.Kind).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.Number).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.DocDate).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.PayerName).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.PayerInn).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.PayerKpp).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.PayerAccount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.PayerBic).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.RecipientName).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.RecipientInn).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.RecipientKpp).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.RecipientAccount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.RecipientBic).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.Purpose).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Row.Fields).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, TypedValue = now });
        cmd.Parameters.Add(P(rows.Select(r => r.Id).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Status).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.ClientId).ToArray()));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            stored.Add(reader.GetInt64(0));
        return stored;
    }

    /// <summary>
    /// Takes back a chunk's rows when one of them lost its key to another import between <see cref="IdsAndTakenAsync"/> and
    /// <see cref="AddManyAsync"/>: the chunk was matched with that document in it, so it goes again one document at a time.
    /// </summary>
    public Task RemoveAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("delete from bank_documents where id = any(@ids)", new { ids = ids.ToArray() }, tx,
            cancellationToken: ct));

    /// <summary>The review queue's rows for a chunk's documents left to treasury, in one statement.</summary>
    public async Task AddToReviewAsync(IReadOnlyList<(long Id, ReviewReason Reason, string Candidates)> review, CancellationToken ct)
    {
        if (review.Count == 0) return;
        await using var queue = new NpgsqlCommand("""
            insert into bank_review_queue (document_id, reason, reason_code, reason_args, candidates, created_at)
            select q.id, q.reason, q.code, q.args::jsonb, q.candidates::jsonb, $6
            from unnest($1, $2, $3, $4, $5) with ordinality as q(id, reason, code, args, candidates, ord) order by q.ord
            """, conn, tx);
        queue.Parameters.Add(P(review.Select(r => r.Id).ToArray()));
        queue.Parameters.Add(P(review.Select(r => r.Reason.Text).ToArray()));
        queue.Parameters.Add(P(review.Select(r => r.Reason.Code.Name).ToArray()));
        queue.Parameters.Add(P(review.Select(r => ReviewQueue.SerializeArguments(r.Reason)).ToArray()));
        queue.Parameters.Add(P(review.Select(r => r.Candidates).ToArray()));
        queue.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, TypedValue = now });
        await queue.ExecuteNonQueryAsync(ct);
    }

    static NpgsqlParameter P<T>(T value) => new NpgsqlParameter<T> { TypedValue = value };

    public Task SetStatusAsync(long id, string status, int? clientId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("update bank_documents set status = @status, client_id = @clientId where id = @id",
            new { id, status, clientId }, tx, cancellationToken: ct));

    async Task<long?> InsertAsync(object row, long? conflictOf, CancellationToken ct)
    {
        var args = new DynamicParameters(row);
        args.Add("conflictOf", conflictOf);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            insert into bank_documents (statement_id, line_number, our_account, direction, execution_date, number_key, amount,
                counterparty_key, content_sha256, content_conflict_of, kind, number, doc_date, payer_name, payer_inn, payer_kpp,
                payer_account, payer_bic, recipient_name, recipient_inn, recipient_kpp, recipient_account, recipient_bic, purpose,
                fields, status, created_at)
            values (@statementId, @LineNumber, @OurAccount, @Direction, @executionDate, @NumberKey, @Amount, @CounterpartyKey,
                @ContentSha256, @conflictOf, @Kind, @Number, @DocDate, @PayerName, @PayerInn, @PayerKpp, @PayerAccount, @PayerBic,
                @RecipientName, @RecipientInn, @RecipientKpp, @RecipientAccount, @RecipientBic, @Purpose, @Fields::jsonb, 'review', @now)
            on conflict do nothing
            returning id
            """, args, tx, cancellationToken: ct));
    }

    internal static string DirectionName(Direction d) => d switch
    {
        Direction.Incoming => "incoming",
        Direction.Outgoing => "outgoing",
        Direction.OwnTransfer => "own_transfer",
        _ => "unknown",
    };

    static string OurAccount(BankDocument d, Direction direction) => direction switch
    {
        Direction.Incoming or Direction.OwnTransfer => d.Recipient.Account ?? "",
        Direction.Outgoing => d.Payer.Account ?? "",
        _ => d.Recipient.Account ?? d.Payer.Account ?? "",
    };

    static string CounterpartyKey(BankDocument d, Direction direction)
    {
        var other = direction == Direction.Outgoing ? d.Recipient : d.Payer;
        return NonEmpty(other.Account) ?? NonEmpty(other.Inn) ?? "";
    }

    static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>"000118", " 118" and "118" are the same payment order number.</summary>
    internal static string NormaliseNumber(string number)
    {
        var compact = new string(number.Where(c => !char.IsWhiteSpace(c)).ToArray()).TrimStart('0');
        return compact.Length == 0 ? "0" : compact.ToUpperInvariant();
    }

    /// <summary>Over every key and value of the section, in key order, so the order of lines in the file does not matter.</summary>
    internal static string ContentHash(BankDocument d)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in d.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            text.Append(key).Append('=').Append(value.Trim()).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
