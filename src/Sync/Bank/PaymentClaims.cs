using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Ledger.Clients;
using Dapper;
using Npgsql;

namespace BackOffice.Sync.Bank;

/// <summary>A client's word that it paid: looked for in every statement imported so far and later.</summary>
public sealed record ClaimInput(string Inn, string Number, DateOnly Date, decimal Amount, int ManagerId);

public sealed class ClaimView
{
    public long Id { get; init; }
    public string Inn { get; init; } = "";
    public string Number { get; init; } = "";
    public DateOnly PaidOn { get; init; }
    public decimal Amount { get; init; }
    public int ManagerId { get; init; }
    public long? FoundDocumentId { get; init; }
    public DateTime? NotifiedAt { get; init; }
}

/// <summary>
/// Payment claims (SPEC §3): a claim matches an incoming document by payer INN, normalised number, amount and document date;
/// when found it is marked and its manager gets a notice through outgoing_mail (dedupe key per claim, never queued twice).
/// </summary>
public sealed class PaymentClaims(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly RefusalCode NumberMissing = new("claim.number-missing");
    public static readonly RefusalCode AmountNotPositive = new("claim.amount-not-positive");
    public static readonly RefusalCode ManagerWithoutEmail = new("claim.manager-without-email");
    public static readonly RefusalCode AlreadyClaimed = new("claim.already-claimed");
    public async Task<ClaimView> AddAsync(ClaimInput claim, string by, CancellationToken ct = default)
    {
        var inn = Requisites.NormaliseInn(claim.Inn);
        if (Requisites.InnRefusal(inn, "inn") is { } refused)
            throw refused;
        if (string.IsNullOrWhiteSpace(claim.Number))
            throw new InvalidInput(NumberMissing, "number", "A claim needs the payment order's number.");
        if (claim.Amount <= 0 || decimal.Round(claim.Amount, 2) != claim.Amount)
            throw new InvalidInput(AmountNotPositive, "amount", $"A claimed amount is more than zero in roubles and kopecks, not {claim.Amount.ToString(CultureInfo.InvariantCulture)}.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var manager = (await conn.QueryAsync<(string Name, string? Email)>(new CommandDefinition(
            "select full_name, email from staff where id = @ManagerId", claim, tx, cancellationToken: ct))).ToList();
        if (manager.Count == 0)
            throw new NotFound(Refusals.StaffIdMissing, $"There is no staff member #{claim.ManagerId}.");
        if (string.IsNullOrWhiteSpace(manager[0].Email))
            throw new InvalidInput(ManagerWithoutEmail, "manager", $"Staff member #{claim.ManagerId} ({manager[0].Name}) has no email, so the notice that the payment " +
                $"arrived could not reach them: give them an email first, or name another manager.");
        var numberKey = BankDocumentStore.NormaliseNumber(claim.Number);
        // The unique index decides between two desks registering the same claim at once; the loser is told which claim it is.
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            insert into payment_claims (inn, number, number_key, paid_on, amount, manager_id, created_by, created_at)
            values (@inn, @number, @numberKey, @Date, @Amount, @ManagerId, @by, @now)
            on conflict (inn, number_key, paid_on, amount) where cancelled_at is null do nothing
            returning id
            """, new { inn, number = claim.Number.Trim(), numberKey, claim.Date, claim.Amount, claim.ManagerId, by, now }, tx, cancellationToken: ct));
        if (id is null)
        {
            var existing = await conn.QuerySingleAsync<(long Id, string CreatedBy)>(new CommandDefinition("""
                select id, created_by from payment_claims where inn = @inn and number_key = @numberKey and paid_on = @Date and amount = @Amount
                  and cancelled_at is null
                """, new { inn, numberKey, claim.Date, claim.Amount }, tx, cancellationToken: ct));
            throw new Conflict(AlreadyClaimed, $"This payment is claimed already: claim #{existing.Id} (by {existing.CreatedBy}) for п/п № {claim.Number.Trim()} " +
                $"от {claim.Date:dd.MM.yyyy}, ИНН {inn}, {claim.Amount.ToString("0.00", CultureInfo.InvariantCulture)}.");
        }
        await CheckAsync(conn, tx, now, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id.Value, ct);
    }

    public async Task<ClaimView> GetAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ClaimView>(new CommandDefinition("""
            select id, inn, number, paid_on, amount, manager_id, found_document_id, notified_at from payment_claims where id = @id
            """, new { id }, cancellationToken: ct)) ?? throw new NotFound(PaymentClaimList.ClaimMissing, $"There is no payment claim #{id}.");
    }

    /// <summary>Marks every open claim whose document has arrived and queues its manager's notice, in the caller's transaction.</summary>
    internal static async Task CheckAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTime now, CancellationToken ct)
    {
        var found = await conn.QueryAsync<FoundClaim>(new CommandDefinition("""
            update payment_claims pc set found_document_id = d.id, notified_at = @now
            from (select distinct on (c.id) c.id as claim_id, b.id
                  from payment_claims c
                  join bank_documents b on b.payer_inn = c.inn and b.number_key = c.number_key and b.amount = c.amount
                                       and b.doc_date = c.paid_on and b.direction = 'incoming' and b.content_conflict_of is null
                  where c.found_document_id is null and c.cancelled_at is null
                  order by c.id, b.id) d
            where pc.id = d.claim_id
            returning pc.id, pc.inn, pc.number, pc.paid_on, pc.amount, pc.manager_id, d.id as document_id,
                (select email from staff s where s.id = pc.manager_id) as email,
                (select status from bank_documents b where b.id = d.id) as status,
                (select execution_date from bank_documents b where b.id = d.id) as execution_date
            """, new { now }, tx, cancellationToken: ct));
        foreach (var c in found)
        {
            var amount = c.Amount.ToString("N2", CultureInfo.GetCultureInfo("ru-RU"));
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into outgoing_mail (kind, dedupe_key, to_address, subject, body_text, message_id, created_at, next_attempt_at)
                values ('claim_found', @dedupe, @Email, @subject, @body, @messageId, @now, @now)
                on conflict (dedupe_key) where dedupe_key is not null do nothing
                """, new
            {
                dedupe = $"payment_claim:{c.Id}:found",
                c.Email,
                subject = $"Платёж найден: п/п № {c.Number} от {c.PaidOn:dd.MM.yyyy}, ИНН {c.Inn}",
                body = $"Платёжное поручение № {c.Number} от {c.PaidOn:dd.MM.yyyy} на сумму {amount} (ИНН {c.Inn}) поступило " +
                       $"{c.ExecutionDate:dd.MM.yyyy}; банковский документ #{c.DocumentId}, статус: {c.Status}.",
                messageId = $"<claim-{c.Id}-{Guid.NewGuid():N}@backoffice.local>",
                now,
            }, tx, cancellationToken: ct));
        }
    }

    sealed class FoundClaim
    {
        public long Id { get; set; }
        public string Inn { get; set; } = "";
        public string Number { get; set; } = "";
        public DateOnly PaidOn { get; set; }
        public decimal Amount { get; set; }
        public int ManagerId { get; set; }
        public long DocumentId { get; set; }
        public string Email { get; set; } = "";
        public string Status { get; set; } = "";
        public DateOnly ExecutionDate { get; set; }
    }
}
