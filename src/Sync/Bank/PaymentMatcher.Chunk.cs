using BackOffice.Ledger.Billing;
using Dapper;
using Npgsql;

namespace BackOffice.Sync.Bank;

public sealed partial class PaymentMatcher
{
    /// <summary>What matching a chunk decided: each document's outcome, and the payments to record onto invoices (with the document each comes from).</summary>
    internal sealed record ChunkMatch(IReadOnlyList<MatchOutcome> Outcomes, IReadOnlyList<PaymentOnto> Payments, IReadOnlyList<long> PaidBy);

    /// <summary>
    /// <see cref="MatchAsync"/> for a chunk of incoming documents, in their order, with the same outcomes: everything the
    /// chunk needs is read at once (clients by ИНН, the accounts' earlier payers, the invoices named and the payers' open
    /// ones), and each document is decided in turn against that state as the earlier ones left it. Nothing is written:
    /// the documents are stored with their outcomes, then <see cref="RecordChunkAsync"/> writes the payments. The payers'
    /// client rows are locked first, ascending id (<see cref="LockOrder"/>), so what is read of their invoices stays true
    /// until the payments are written.
    /// </summary>
    internal async Task<ChunkMatch> MatchChunkAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<StoredDocument> chunk,
        CancellationToken ct)
    {
        var numbers = chunk.Select(s => NumbersIn(s.Document.Purpose)).ToList();
        var (byInn, byAccount) = await PayersAsync(conn, tx, chunk, ct);

        var clients = byInn.Values.SelectMany(c => c).Concat(byAccount.Values.SelectMany(c => c.Values)).DistinctBy(c => c.Id).ToDictionary(c => c.Id);

        // Payers in document order: a document that finds its payer teaches its account to the next (as its stored client_id would).
        var payers = new Payer[chunk.Count];
        for (var n = 0; n < chunk.Count; n++)
        {
            var party = chunk[n].Document.Payer;
            var inn = InnOf(party);
            var payer = (inn is null ? null : ByInn(party, byInn.GetValueOrDefault(inn) ?? []))
                        ?? (string.IsNullOrWhiteSpace(party.Account) ? null
                            : ByAccount(party, byAccount.GetValueOrDefault(party.Account)?.Values.Where(c => inn is null || c.Inn == inn).ToList() ?? []))
                        ?? NoPayer(party);
            payers[n] = payer;
            if (payer.ClientId is { } id && party.Account is { } account)
            {
                if (!byAccount.TryGetValue(account, out var known)) byAccount[account] = known = [];
                known.TryAdd(id, clients[id]);
            }
        }

        var (byNumber, openOf) = await InvoicesAsync(conn, tx, numbers.SelectMany(n => n).Distinct().ToArray(),
            payers.Select(p => p.ClientId).OfType<int>().Distinct().Order().ToArray(),
            Enumerable.Range(0, chunk.Count).Where(n => numbers[n].Count == 0).Select(n => payers[n].ClientId).OfType<int>().Distinct().ToArray(), ct);

        var outcomes = new MatchOutcome[chunk.Count];
        var toRecord = new List<PaymentOnto>();
        var paidBy = new List<long>();
        for (var n = 0; n < chunk.Count; n++)
        {
            var d = chunk[n].Document;
            IReadOnlyList<OpenInvoice> invoices = numbers[n].Count > 0
                ? numbers[n].Select(byNumber.GetValueOrDefault).OfType<OpenInvoice>().OrderBy(i => i.IssueDate).ThenBy(i => i.Number).ToList()
                : payers[n].ClientId is { } clientId
                    ? (openOf.GetValueOrDefault(clientId) ?? []).Where(i => i.Status is "unpaid" or "collections").OrderBy(i => i.IssueDate).ThenBy(i => i.Number).ToList()
                    : [];
            var (outcome, pay) = Decide(d, payers[n], numbers[n], invoices);
            if (outcome is null)
            {
                var due = pay.Sum(i => i.BalanceDue);
                foreach (var (i, portion) in Portions(d.Amount, pay.Select(i => i.BalanceDue).ToList()))
                {
                    toRecord.Add(new PaymentOnto(pay[i].Id, new PaymentInput(chunk[n].ExecutionDate, portion, Method, $"п/п {d.Number}")));
                    paidBy.Add(chunk[n].Id);
                    var toInvoice = Math.Min(portion, pay[i].BalanceDue);
                    if (toInvoice == pay[i].BalanceDue) pay[i].Status = "paid";
                    pay[i].BalanceDue -= toInvoice;
                }
                outcome = new MatchOutcome(StatusAfter(d.Amount, due), payers[n].ClientId, null, []);
            }
            outcomes[n] = outcome;
        }

        return new ChunkMatch(outcomes, toRecord, paidBy);
    }

    /// <summary>The chunk's payments, together through <see cref="PaymentBook.RecordManyAsync"/>, each linked to its (stored) document.</summary>
    internal async Task RecordChunkAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ChunkMatch match, string by, CancellationToken ct)
    {
        var applied = await payments.RecordManyAsync(conn, tx, match.Payments, by, ct);
        if (applied.Count > 0)
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into bank_document_payments (document_id, payment_id) select * from unnest(@documents, @payments)
                """, new { documents = match.PaidBy.ToArray(), payments = applied.Select(a => a.PaymentId).ToArray() }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Clients with the chunk's ИНН, and per payer account the clients earlier first-party payments from it went to. Only the
    /// accounts of payers without an ИНН are looked up: a payer with one finds its client by it, or, when no client has it,
    /// could only be found by account as a client with that same ИНН, which there is not. (The look-up reads every earlier
    /// payment from each account, so for the whole chunk it grew with the table.)
    /// </summary>
    static async Task<(Dictionary<string, List<ClientRow>> ByInn, Dictionary<string, SortedDictionary<int, ClientRow>> ByAccount)> PayersAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<StoredDocument> chunk, CancellationToken ct)
    {
        var inns = chunk.Select(s => InnOf(s.Document.Payer)).OfType<string>().Distinct().ToArray();
        var accounts = chunk.Where(s => InnOf(s.Document.Payer) is null).Select(s => s.Document.Payer.Account).Where(a => !string.IsNullOrWhiteSpace(a))
            .Distinct().ToArray();
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition($"""
            select id, {ClientName} as name, kpp, inn from clients where inn = any(@inns) order by id;
            select distinct b.payer_account as account, c.id, {ClientName} as name, c.kpp, c.inn
            from bank_documents b join clients c on c.id = b.client_id
            where b.payer_account = any(@accounts) and b.direction = 'incoming' and b.client_id is not null and not b.third_party;
            """, new { inns, accounts }, tx, cancellationToken: ct));
        var byInn = (await grid.ReadAsync<ClientRow>()).GroupBy(c => c.Inn!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byAccount = new Dictionary<string, SortedDictionary<int, ClientRow>>(StringComparer.Ordinal);
        foreach (var row in await grid.ReadAsync<AccountClient>())
        {
            if (!byAccount.TryGetValue(row.Account, out var set)) byAccount[row.Account] = set = [];
            set[row.Id] = new ClientRow { Id = row.Id, Name = row.Name, Kpp = row.Kpp, Inn = row.Inn };
        }
        return (byInn, byAccount);
    }

    /// <summary>Locks the payers (ascending id), then reads the invoices named and the open invoices of the payers of documents naming none.</summary>
    static async Task<(Dictionary<long, OpenInvoice> ByNumber, Dictionary<int, List<OpenInvoice>> OpenOf)> InvoicesAsync(NpgsqlConnection conn,
        NpgsqlTransaction tx, long[] numbers, int[] payers, int[] owners, CancellationToken ct)
    {
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition($"""
            select id from clients where id = any(@payers) order by id for update;
            select i.id, i.number, i.client_id, {ClientName} as client_name,
                   i.status, i.issue_date, i.total - i.credit_applied - i.amount_paid as balance_due
            from invoices i join clients c on c.id = i.client_id
            where i.status <> 'draft' and (i.number = any(@numbers) or (i.client_id = any(@owners) and i.status in ('unpaid', 'collections')));
            """, new { payers, numbers, owners }, tx, cancellationToken: ct));
        await grid.ReadAsync<int>();
        var byNumber = new Dictionary<long, OpenInvoice>();
        var openOf = new Dictionary<int, List<OpenInvoice>>();
        var ownerSet = owners.ToHashSet();
        foreach (var invoice in await grid.ReadAsync<OpenInvoice>())
        {
            byNumber[invoice.Number] = invoice;
            if (ownerSet.Contains(invoice.ClientId) && invoice.Status is "unpaid" or "collections")
            {
                if (!openOf.TryGetValue(invoice.ClientId, out var list)) openOf[invoice.ClientId] = list = [];
                list.Add(invoice);
            }
        }
        return (byNumber, openOf);
    }

    sealed class AccountClient
    {
        public string Account { get; set; } = "";
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public string? Kpp { get; set; }
        public string? Inn { get; set; }
    }
}
