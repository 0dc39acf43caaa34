using System.Security.Cryptography;
using System.Text;
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

    /// <summary>The stored document, or null when it was there already (a duplicate to skip).</summary>
    public async Task<StoredDocument?> AddAsync(long statementId, BankDocument d, IReadOnlySet<string> own, CancellationToken ct)
    {
        var direction = d.DirectionFor(own);
        var executionDate = d.ExecutionDateFor(direction);
        var row = new
        {
            statementId,
            d.LineNumber,
            OurAccount = OurAccount(d, direction),
            Direction = DirectionName(direction),
            executionDate,
            NumberKey = NormaliseNumber(d.Number),
            d.Amount,
            CounterpartyKey = CounterpartyKey(d, direction),
            ContentSha256 = ContentHash(d),
            d.Kind,
            d.Number,
            DocDate = d.Date,
            PayerName = d.Payer.Name, PayerInn = d.Payer.Inn, PayerKpp = d.Payer.Kpp, PayerAccount = d.Payer.Account, PayerBic = d.Payer.Bic,
            RecipientName = d.Recipient.Name, RecipientInn = d.Recipient.Inn, RecipientKpp = d.Recipient.Kpp,
            RecipientAccount = d.Recipient.Account, RecipientBic = d.Recipient.Bic,
            d.Purpose,
            Fields = JsonSerializer.Serialize(d.Fields),
            now,
        };
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
