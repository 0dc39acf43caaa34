using System.Globalization;
using BackOffice.Ledger.Billing;
using Dapper;
using Npgsql;

namespace BackOffice.Sync.Bank;

/// <summary>What matching decided for an incoming document: a status, the payer, and for review the reason and candidates.</summary>
public sealed record MatchOutcome(string Status, int? ClientId, ReviewReason? Reason, IReadOnlyList<ReviewCandidate> Candidates)
{
    public static MatchOutcome Review(ReviewReason reason, IReadOnlyList<ReviewCandidate> candidates, int? clientId = null) =>
        new("review", clientId, reason, candidates);
}

/// <summary>
/// Matches an incoming payment (SPEC §3): payer by INN (+KPP), then by the account earlier payments of a client came from;
/// invoice numbers from the purpose (our own QR's purpose first, then what payers write), verified against that payer's open invoices; the amount pays them oldest first, the
/// rest goes to credit. Anything uncertain — a third-party payer, no candidate, a tie — goes to review. Nothing is guessed.
/// </summary>
public sealed partial class PaymentMatcher(PaymentBook payments, BackOffice.Sync.Accounting.DocumentNumberFormat? oneCNumbers = null)
{
    public const string Method = "Банковский перевод";

    public async Task<MatchOutcome> MatchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, StoredDocument stored, string by, CancellationToken ct)
    {
        var d = stored.Document;
        var payer = await FindPayerAsync(conn, tx, d.Payer, ct);
        var numbers = NumbersIn(d.Purpose);
        IReadOnlyList<OpenInvoice> invoices = numbers.Count > 0
            ? await OpenInvoicesAsync(conn, tx, "i.number = any(@numbers)", new { numbers }, ct, openOnly: false)
            : payer.ClientId is { } clientId ? await OpenInvoicesAsync(conn, tx, "i.client_id = @clientId", new { clientId }, ct) : [];
        var decision = Decide(d, payer, numbers, invoices);
        return decision.Outcome ?? await ApplyAsync(conn, tx, stored, payer.ClientId!.Value, decision.Pay, by, ct);
    }

    internal List<long> NumbersIn(string purpose) =>
        (InvoiceNumberExtractor.FromOurQrPurpose(purpose) is { } ours ? [ours] : InvoiceNumberExtractor.Extract(purpose, oneCNumbers))
            .Select(n => long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (long?)null)
            .OfType<long>().Distinct().ToList();

    /// <summary>
    /// What to do with a document, given its payer and the invoices it could go onto (those its purpose names, else the
    /// payer's open ones, oldest first): an outcome for review, or the invoices to pay.
    /// </summary>
    internal static (MatchOutcome? Outcome, IReadOnlyList<OpenInvoice> Pay) Decide(BankDocument d, Payer payer, List<long> numbers,
        IReadOnlyList<OpenInvoice> invoices)
    {
        if (numbers.Count > 0)
            return ByNumbers(payer, numbers, invoices);
        if (payer.ClientId is not { } clientId)
            return (MatchOutcome.Review(payer.Problem!, payer.Candidates), []);

        var open = invoices;
        if (open.Count == 1 && open[0].BalanceDue == d.Amount)
            return (null, open);
        var reason = open.Count == 0
            ? ReviewReason.Of(ReviewReason.NoNumberNoOpenInvoice, $"No invoice number in the purpose and client #{clientId} has no open invoice.")
            : ReviewReason.Of(ReviewReason.NoNumberSeveralOpen,
                $"No invoice number in the purpose and client #{clientId} has {open.Count} open invoice(s); none can be chosen for certain.");
        return (MatchOutcome.Review(reason, open.Select(i => i.Candidate(i.BalanceDue == d.Amount ? "same amount" : null)).ToList(), clientId), []);
    }

    static (MatchOutcome? Outcome, IReadOnlyList<OpenInvoice> Pay) ByNumbers(Payer payer, List<long> numbers, IReadOnlyList<OpenInvoice> found)
    {
        var candidates = found.Select(i => i.Candidate(null)).ToList();
        var listed = string.Join(", ", numbers);
        var missing = numbers.Where(n => found.All(i => i.Number != n)).ToList();
        if (missing.Count > 0)
            return (MatchOutcome.Review(ReviewReason.Of(ReviewReason.InvoiceMissing, $"Invoice № {string.Join(", ", missing)} named in the purpose does not exist."),
                [.. candidates, .. payer.Candidates], payer.ClientId), []);
        if (payer.ClientId is not { } clientId)
            return (MatchOutcome.Review(payer.Problem!.NamingInvoices(listed), [.. candidates, .. payer.Candidates]), []);
        var foreign = found.Where(i => i.ClientId != clientId).ToList();
        if (foreign.Count > 0)
            return (MatchOutcome.Review(ReviewReason.Of(ReviewReason.InvoiceOfAnotherClient,
                $"Invoice № {string.Join(", ", foreign.Select(i => i.Number))} belongs to another client than the payer (client #{clientId}): a third-party payment?"),
                candidates, clientId), []);
        var closed = found.Where(i => i.Status is not ("unpaid" or "collections")).ToList();
        if (closed.Count > 0)
            return (MatchOutcome.Review(ReviewReason.Of(ReviewReason.InvoiceClosed,
                $"Invoice {ReviewDesk.Statuses(closed.Select(i => (i.Number, i.Status)))}; the payment cannot go onto it."), candidates, clientId), []);
        return (null, found);
    }

    /// <summary>Oldest invoice first; the last one takes the rest, so an overpayment lands on the client's credit.</summary>
    async Task<MatchOutcome> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, StoredDocument stored, int clientId,
        IReadOnlyList<OpenInvoice> invoices, string by, CancellationToken ct)
    {
        var status = await ApplyToInvoicesAsync(payments, conn, tx, stored.Id, stored.Document, stored.ExecutionDate,
            invoices.Select(i => (i.Id, i.BalanceDue)).ToList(), by, ct);
        return new MatchOutcome(status, clientId, null, []);
    }

    internal static async Task<string> ApplyToInvoicesAsync(PaymentBook payments, NpgsqlConnection conn, NpgsqlTransaction tx, long documentId,
        BankDocument d, DateOnly on, IReadOnlyList<(long Id, decimal BalanceDue)> oldestFirst, string by, CancellationToken ct)
    {
        foreach (var (n, portion) in Portions(d.Amount, oldestFirst.Select(i => i.BalanceDue).ToList()))
        {
            var applied = await payments.RecordAsync(conn, tx, oldestFirst[n].Id, new PaymentInput(on, portion, Method, $"п/п {d.Number}"), by, ct);
            await LinkAsync(conn, tx, documentId, applied.PaymentId, ct);
        }

        return StatusAfter(d.Amount, oldestFirst.Sum(i => i.BalanceDue));
    }

    /// <summary>How much goes onto each invoice (by index): oldest first, the last one takes the rest.</summary>
    internal static List<(int Index, decimal Portion)> Portions(decimal amount, IReadOnlyList<decimal> balancesDue)
    {
        var portions = new List<(int, decimal)>(balancesDue.Count);
        var remaining = amount;
        for (var n = 0; n < balancesDue.Count && remaining > 0; n++)
        {
            var portion = n == balancesDue.Count - 1 ? remaining : Math.Min(remaining, balancesDue[n]);
            if (portion <= 0)
                continue;
            portions.Add((n, portion));
            remaining -= portion;
        }
        return portions;
    }

    internal static string StatusAfter(decimal amount, decimal due) => amount < due ? "partial" : amount == due ? "matched" : "credit";

    internal static Task LinkAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long documentId, long paymentId, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("insert into bank_document_payments (document_id, payment_id) values (@documentId, @paymentId)",
            new { documentId, paymentId }, tx, cancellationToken: ct));

    /// <summary>
    /// By ИНН (+КПП); by the account earlier payments came from only when the payer gives no ИНН or the ИНН is that
    /// client's own, and only from payments the client made itself (never a third-party payment resolved onto its invoice).
    /// </summary>
    static async Task<Payer> FindPayerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Party party, CancellationToken ct)
    {
        var inn = InnOf(party);
        if (inn is not null)
        {
            var byInn = (await conn.QueryAsync<ClientRow>(new CommandDefinition($"""
                select id, {ClientName} as name, kpp, inn from clients where inn = @inn order by id
                """, new { inn }, tx, cancellationToken: ct))).ToList();
            if (ByInn(party, byInn) is { } found)
                return found;
        }

        if (!string.IsNullOrWhiteSpace(party.Account))
        {
            var byAccount = (await conn.QueryAsync<ClientRow>(new CommandDefinition($"""
                select c.id, {ClientName} as name, c.kpp, c.inn from clients c
                where c.id in (select client_id from bank_documents
                               where payer_account = @Account and direction = 'incoming' and client_id is not null and not third_party)
                  and (@inn::text is null or c.inn = @inn)
                order by c.id
                """, new { party.Account, inn }, tx, cancellationToken: ct))).ToList();
            if (ByAccount(party, byAccount) is { } found)
                return found;
        }

        return NoPayer(party);
    }

    internal static string? InnOf(Party party) => string.IsNullOrWhiteSpace(party.Inn) ? null : party.Inn.Trim();

    /// <summary>The clients with the payer's ИНН (ascending id): one payer, an ambiguity, or null to try the account.</summary>
    internal static Payer? ByInn(Party party, List<ClientRow> byInn)
    {
        if (byInn.Count > 1 && !string.IsNullOrWhiteSpace(party.Kpp))
        {
            var byKpp = byInn.Where(c => c.Kpp == party.Kpp.Trim()).ToList();
            if (byKpp.Count > 0) byInn = byKpp;
        }

        if (byInn.Count == 1)
            return new Payer(byInn[0].Id, null, []);
        if (byInn.Count > 1)
            return new Payer(null, ReviewReason.Of(ReviewReason.InnShared, $"{byInn.Count} clients have the payer's INN {party.Inn} (КПП {party.Kpp ?? "none"})."),
                byInn.Select(c => c.Candidate()).ToList());
        return null;
    }

    /// <summary>The clients earlier first-party payments from the payer's account went to (ascending id, ИНН already filtered).</summary>
    internal static Payer? ByAccount(Party party, List<ClientRow> byAccount)
    {
        if (byAccount.Count == 1)
            return new Payer(byAccount[0].Id, null, []);
        if (byAccount.Count > 1)
            return new Payer(null, ReviewReason.Of(ReviewReason.AccountShared, $"Payments from account {party.Account} went to {byAccount.Count} clients before."),
                byAccount.Select(c => c.Candidate()).ToList());
        return null;
    }

    internal static Payer NoPayer(Party party) =>
        new(null, ReviewReason.Of(ReviewReason.PayerUnknown,
            $"No client has the payer's INN {party.Inn ?? "(none)"} or account {party.Account ?? "(none)"} ({party.Name})."), []);

    internal const string ClientName = "coalesce(nullif(company_name, ''), trim(first_name || ' ' || last_name))";

    static async Task<List<OpenInvoice>> OpenInvoicesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string where, object args,
        CancellationToken ct, bool openOnly = true) =>
        (await conn.QueryAsync<OpenInvoice>(new CommandDefinition($"""
            select i.id, i.number, i.client_id, {ClientName} as client_name,
                   i.status, i.issue_date, i.total - i.credit_applied - i.amount_paid as balance_due
            from invoices i join clients c on c.id = i.client_id
            where {where} and i.status <> 'draft' {(openOnly ? "and i.status in ('unpaid', 'collections')" : "")}
            order by i.issue_date, i.number
            """, args, tx, cancellationToken: ct))).ToList();

    internal sealed record Payer(int? ClientId, ReviewReason? Problem, IReadOnlyList<ReviewCandidate> Candidates);

    internal sealed class ClientRow
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public string? Kpp { get; set; }
        public string? Inn { get; set; }
        public ReviewCandidate Candidate() => new("client", Id, null, Id, Name, null, null, Kpp is null ? null : $"КПП {Kpp}");
    }

    internal sealed class OpenInvoice
    {
        public long Id { get; set; }
        public long Number { get; set; }
        public int ClientId { get; set; }
        public string ClientName { get; set; } = "";
        public string Status { get; set; } = "";
        public DateOnly IssueDate { get; set; }
        public decimal BalanceDue { get; set; }
        public ReviewCandidate Candidate(string? note) => new("invoice", Id, Number, ClientId, ClientName, IssueDate, BalanceDue, note ?? Status);
    }
}
