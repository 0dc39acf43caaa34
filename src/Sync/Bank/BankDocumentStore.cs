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
    /// Rows with keys not yet taken, in one statement, their ids drawn in order beforehand: the ids of those stored, by
    /// index. A row whose key is taken (stored before, or by an earlier row of these) is left out, for <see cref="TakenAsync"/>
    /// and <see cref="AddAsync"/>.
    /// </summary>
    public async Task<Dictionary<int, long>> AddManyAsync(IReadOnlyList<Row> rows, IReadOnlyList<int> indexes, CancellationToken ct)
    {
        var stored = new Dictionary<int, long>(rows.Count);
        if (rows.Count == 0) return stored;
        var ids = new long[rows.Count];
        await using (var draw = new NpgsqlCommand("select nextval(pg_get_serial_sequence('bank_documents', 'id')) from generate_series(1, $1)", conn, tx))
        {
            draw.Parameters.Add(P(rows.Count));
            await using var drawn = await draw.ExecuteReaderAsync(ct);
            for (var n = 0; await drawn.ReadAsync(ct); n++)
                ids[n] = drawn.GetInt64(0);
        }
        var index = ids.Select((id, n) => (id, n)).ToDictionary(x => x.id, x => indexes[x.n]);
        await using var cmd = new NpgsqlCommand("""
            insert into bank_documents (id, statement_id, line_number, our_account, direction, execution_date, number_key, amount,
                counterparty_key, content_sha256, kind, number, doc_date, payer_name, payer_inn, payer_kpp,
                payer_account, payer_bic, recipient_name, recipient_inn, recipient_kpp, recipient_account, recipient_bic, purpose,
                fields, status, created_at)
            select r.id, $1, r.line_number, r.our_account, r.direction, r.execution_date, r.number_key, r.amount, r.counterparty_key, r.content_sha256,
                   r.kind, r.number, r.doc_date, r.payer_name, r.payer_inn, r.payer_kpp, r.payer_account, r.payer_bic, r.recipient_name,
                   r.recipient_inn, r.recipient_kpp, r.recipient_account, r.recipient_bic, r.purpose, r.fields::jsonb, 'review', $25
            from unnest($26, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
                 as r(id, line_number, our_account, direction, execution_date, number_key, amount, counterparty_key, content_sha256,
                   kind, number, doc_date, payer_name, payer_inn, payer_kpp, payer_account, payer_bic, recipient_name, recipient_inn,
                   recipient_kpp, recipient_account, recipient_bic, purpose, fields)
            order by r.id
            on conflict do nothing
            returning id
            """, conn, tx);
        cmd.Parameters.Add(P(rows[0].statementId));
        cmd.Parameters.Add(P(rows.Select(r => r.LineNumber).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.OurAccount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Direction).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.executionDate).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.NumberKey).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Amount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.CounterpartyKey).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.ContentSha256).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Kind).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Number).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.DocDate).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.PayerName).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.PayerInn).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.PayerKpp).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.PayerAccount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.PayerBic).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.RecipientName).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.RecipientInn).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.RecipientKpp).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.RecipientAccount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.RecipientBic).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Purpose).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Fields).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, TypedValue = now });
        cmd.Parameters.Add(P(ids));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            stored[index[reader.GetInt64(0)]] = reader.GetInt64(0);
        return stored;
    }

    /// <summary>For each row, the content hash stored under its key (not a conflict row), or null when the key is free.</summary>
    public async Task<string?[]> TakenAsync(IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var taken = new string?[rows.Count];
        if (rows.Count == 0) return taken;
        await using var cmd = new NpgsqlCommand("""
            select r.ord, b.content_sha256
            from unnest($1, $2, $3, $4, $5, $6) with ordinality as r(our_account, direction, execution_date, number_key, amount, counterparty_key, ord)
            join bank_documents b on b.our_account = r.our_account and b.direction = r.direction and b.execution_date = r.execution_date
                 and b.number_key = r.number_key and b.amount = r.amount and b.counterparty_key = r.counterparty_key and b.content_conflict_of is null
            """, conn, tx);
        cmd.Parameters.Add(P(rows.Select(r => r.OurAccount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Direction).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.executionDate).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.NumberKey).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.Amount).ToArray()));
        cmd.Parameters.Add(P(rows.Select(r => r.CounterpartyKey).ToArray()));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            taken[reader.GetInt64(0) - 1] = reader.GetString(1);
        return taken;
    }

    /// <summary>Each document's outcome (status and payer), and the review queue's rows for those left to treasury, in one round trip.</summary>
    public async Task SetOutcomesAsync(IReadOnlyList<(long Id, string Status, int? ClientId)> outcomes,
        IReadOnlyList<(long Id, ReviewReason Reason, string Candidates)> review, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        if (outcomes.Count > 0)
        {
            var update = new NpgsqlBatchCommand("""
                update bank_documents b set status = o.status, client_id = o.client_id from unnest($1, $2, $3) as o(id, status, client_id) where b.id = o.id
                """);
            update.Parameters.Add(P(outcomes.Select(o => o.Id).ToArray()));
            update.Parameters.Add(P(outcomes.Select(o => o.Status).ToArray()));
            update.Parameters.Add(P(outcomes.Select(o => o.ClientId).ToArray()));
            batch.BatchCommands.Add(update);
        }
        if (review.Count > 0)
        {
            var queue = new NpgsqlBatchCommand("""
                insert into bank_review_queue (document_id, reason, reason_code, reason_args, candidates, created_at)
                select q.id, q.reason, q.code, q.args::jsonb, q.candidates::jsonb, $6
                from unnest($1, $2, $3, $4, $5) with ordinality as q(id, reason, code, args, candidates, ord) order by q.ord
                """);
            queue.Parameters.Add(P(review.Select(r => r.Id).ToArray()));
            queue.Parameters.Add(P(review.Select(r => r.Reason.Text).ToArray()));
            queue.Parameters.Add(P(review.Select(r => r.Reason.Code.Name).ToArray()));
            queue.Parameters.Add(P(review.Select(r => ReviewQueue.SerializeArguments(r.Reason)).ToArray()));
            queue.Parameters.Add(P(review.Select(r => r.Candidates).ToArray()));
            queue.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, TypedValue = now });
            batch.BatchCommands.Add(queue);
        }
        if (batch.BatchCommands.Count > 0)
            await batch.ExecuteNonQueryAsync(ct);
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
