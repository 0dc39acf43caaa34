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
/// Batches are written a chunk per transaction (RenewalInvoicer.Chunks.cs, issue 4: one transaction per client cost
/// ~28 round trips an invoice, 488 s for 32,400 invoices); what a chunk cannot write goes through <see cref="IssueAsync"/>.
/// </summary>
public sealed partial class RenewalInvoicer(NpgsqlDataSource db, TimeProvider clock)
{
    public const int DefaultDaysBefore = 14;

    /// <summary>Every transaction is rolled back: the result says what a real run would issue (numbers taken again chunk by chunk).</summary>
    public bool DryRun { get; init; }

    /// <summary>Off: every batch in a transaction of its own, as before issue 4 (the tests compare both ways).</summary>
    internal bool SetBased { get; init; } = true;

    /// <summary>Batches written per transaction by the set-based path.</summary>
    internal int ChunkSize { get; init; } = 1000;

    public async Task<RenewalResult> RunAsync(DateOnly runDate, int daysBefore = DefaultDaysBefore, CancellationToken ct = default,
        IProgress<(int Done, int Total)>? progress = null)
    {
        if (daysBefore < 0)
            throw new InvalidInput("days-before", $"Renewal invoices are issued 0 or more days before the due date, not {daysBefore}.");
        var candidates = await CandidatesAsync(runDate.AddDays(daysBefore), ct);
        var batches = InvoiceGrouping.ByOrganisation(candidates, c => c.OrganisationId, c => c.ClientId, c => c.NextDueDate, c => c.SeparateInvoices)
            .ToList();

        var tally = new Tally();
        progress?.Report((0, batches.Count));
        if (!SetBased)
        {
            var done = 0;
            foreach (var (organisation, batch) in batches)
            {
                progress?.Report((done++, batches.Count));
                await IssueOneAsync(organisation, batch, runDate, tally, ct);
            }
        }
        else
        {
            var reference = await ReferenceAsync(ct);
            for (var start = 0; start < batches.Count; start += ChunkSize)
            {
                var chunk = batches.GetRange(start, Math.Min(ChunkSize, batches.Count - start));
                foreach (var (organisation, batch) in await IssueChunkAsync(chunk, runDate, reference, tally, ct))
                    await IssueOneAsync(organisation, batch, runDate, tally, ct);
                progress?.Report((start + chunk.Count, batches.Count));
            }
        }
        progress?.Report((batches.Count, batches.Count));
        return new RenewalResult(tally.Numbers, tally.Lines, tally.Already, tally.Problems);
    }

    /// <summary>One batch in a transaction of its own: clients with credit, and what a chunk could not write.</summary>
    async Task IssueOneAsync(int organisation, InvoiceBatch<Candidate> batch, DateOnly runDate, Tally tally, CancellationToken ct)
    {
        try
        {
            var issued = await IssueAsync(organisation, batch, runDate, ct);
            if (issued is { Number: 0 }) tally.Already++;
            else if (issued is { } i)
            {
                tally.Numbers.Add(i.Number);
                tally.Lines += i.Lines;
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == InvoiceWriter.LinesUniqueIndex)
        {
            tally.Already++;
        }
        catch (PostgresException e) when (InvoiceWriter.IsOverlap(e))
        {
            // A due date set inside a billed period (by hand, or before the move refused it): billing it would bill days twice.
            tally.Problems.Add($"Client #{batch.ClientId}, services {string.Join(", ", batch.Items.Select(s => "#" + s.ServiceId))}: " +
                               $"the period from the due date {BillingPeriod.Format(batch.DueDate)} overlaps days already billed ({e.Detail}); nothing was billed.");
        }
        catch (LedgerError e)
        {
            tally.Problems.Add($"Client #{batch.ClientId}, services {string.Join(", ", batch.Items.Select(s => "#" + s.ServiceId))}: {e.Message}");
        }
    }

    sealed class Tally
    {
        public List<long> Numbers { get; } = [];
        public List<string> Problems { get; } = [];
        public int Lines { get; set; }
        public int Already { get; set; }
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
        await tx.FinishAsync(DryRun, ct);
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
