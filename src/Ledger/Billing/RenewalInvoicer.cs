using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>What a renewal run did. <see cref="AlreadyBilled"/> counts invoices another run wrote first.</summary>
public sealed record RenewalResult(IReadOnlyList<long> InvoiceNumbers, int Lines, int AlreadyBilled, IReadOnlyList<string> Problems)
{
    public int Invoices => InvoiceNumbers.Count;
}

/// <summary>
/// Issues renewal invoices a number of days before services fall due (SPEC §1 "Periods, renewals and proration"):
/// one invoice per client, organisation and due date (or per service for clients with separate invoices), one line per
/// service and period. The unique index on (service, period start) is what makes a second bill impossible, also when two
/// runs overlap: the loser's invoice for that client is rolled back whole, and its number with it.
/// </summary>
public sealed class RenewalInvoicer(NpgsqlDataSource db, TimeProvider clock)
{
    public const int DefaultDaysBefore = 14;

    public async Task<RenewalResult> RunAsync(DateOnly runDate, int daysBefore = DefaultDaysBefore, CancellationToken ct = default,
        IProgress<(int Done, int Total)>? progress = null)
    {
        if (daysBefore < 0)
            throw new InvalidInput("days-before", $"Renewal invoices are issued 0 or more days before the due date, not {daysBefore}.");
        var candidates = await CandidatesAsync(runDate.AddDays(daysBefore), ct);
        var batches = candidates.GroupBy(c => c.OrganisationId)
            .SelectMany(org => InvoiceGrouping.Group(org, c => c.ClientId, c => c.NextDueDate, c => c.SeparateInvoices)
                .Select(b => (Organisation: org.Key, Batch: b)))
            .OrderBy(b => b.Batch.ClientId).ThenBy(b => b.Batch.DueDate).ThenBy(b => b.Organisation)
            .ToList();

        var numbers = new List<long>();
        var problems = new List<string>();
        var (lines, already, done) = (0, 0, 0);
        progress?.Report((0, batches.Count));
        foreach (var (organisation, batch) in batches)
        {
            progress?.Report((done++, batches.Count));
            try
            {
                var issued = await IssueAsync(organisation, batch, runDate, ct);
                if (issued is { Number: 0 }) already++;
                else if (issued is { } i)
                {
                    numbers.Add(i.Number);
                    lines += i.Lines;
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == InvoiceWriter.LinesUniqueIndex)
            {
                already++;
            }
            catch (LedgerError e)
            {
                problems.Add($"Client #{batch.ClientId}, services {string.Join(", ", batch.Items.Select(s => "#" + s.ServiceId))}: {e.Message}");
            }
        }
        progress?.Report((batches.Count, batches.Count));
        return new RenewalResult(numbers, lines, already, problems);
    }

    async Task<IReadOnlyList<Candidate>> CandidatesAsync(DateOnly until, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<Candidate>(new CommandDefinition("""
            select s.id as service_id, s.client_id, s.next_due_date, p.organisation_id, c.separate_invoices
            from services s
            join clients c on c.id = s.client_id
            join products p on p.id = s.product_id
            where s.status in ('active', 'suspended')
              and s.billing_cycle not in ('free', 'one_time')
              and s.next_due_date <= @until
              and not exists (select 1 from invoice_lines l
                              where l.service_id = s.id and l.period_start = s.next_due_date and l.bills_period)
            order by s.client_id, s.next_due_date, s.id
            """, new { until }, cancellationToken: ct))).ToList();
    }

    async Task<(long Number, int Lines)?> IssueAsync(int organisationId, InvoiceBatch<Candidate> batch, DateOnly runDate, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The client first: publishing locks it, and a second run inserting the same lines under a key-share lock on it
        // would otherwise deadlock with the first. Now the second waits here and then finds the periods billed.
        await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @ClientId for update", batch, tx, cancellationToken: ct));
        var ids = batch.Items.Select(i => i.ServiceId).ToArray();
        var billed = (await conn.QueryAsync<int>(new CommandDefinition("""
            select s.id from services s join invoice_lines l on l.service_id = s.id and l.period_start = s.next_due_date and l.bills_period
            where s.id = any(@ids)
            """, new { ids }, tx, cancellationToken: ct))).ToHashSet();
        // A payment or a change since the candidates were read may have moved a service on: bill only what is still due.
        var services = (await ServiceLoader.LoadAsync(conn, tx, ids, ct))
            .Where(s => s.Status is "active" or "suspended" && s.NextDueDate == batch.DueDate && s.OrganisationId == organisationId
                        && !billed.Contains(s.Id))
            .ToList();
        if (services.Count == 0) return billed.Count > 0 ? (0, 0) : null;
        var lines = services.SelectMany(s => InvoiceComposer.LinesOf(s.Billable, runDate)).ToList();
        var issuer = await InvoiceWriter.IssuerOfProductAsync(conn, tx, organisationId, ct);
        var id = await InvoiceWriter.InsertAsync(conn, tx, batch.ClientId, issuer, "renewal", runDate, batch.DueDate, lines, null, ct);
        var number = await InvoiceWriter.PublishAsync(conn, tx, id, clock.GetUtcNow().UtcDateTime, "renewal", ct);
        await tx.CommitAsync(ct);
        return (number, lines.Count);
    }

    sealed class Candidate
    {
        public int ServiceId { get; set; }
        public int ClientId { get; set; }
        public DateOnly NextDueDate { get; set; }
        public int OrganisationId { get; set; }
        public bool SeparateInvoices { get; set; }
    }
}
