using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>Services of one client whose next due date moves, with or without a prorata invoice for the days in between.</summary>
public sealed record DueDateMove(int ClientId, IReadOnlyList<int> ServiceIds, DateOnly NewDueDate, bool ProrataInvoice = true);

/// <summary>A published invoice: its id, number and total.</summary>
public sealed record IssuedInvoice(long Id, long Number, decimal Total);

/// <summary>What the move did: the prorata invoices, one per organisation (and per service for clients with separate invoices).</summary>
public sealed record DueDateMoveResult(IReadOnlyList<int> ServiceIds, IReadOnlyList<IssuedInvoice> Invoices, bool DryRun = false)
{
    public long? InvoiceId => Invoices.Count > 0 ? Invoices[0].Id : null;
    public long? InvoiceNumber => Invoices.Count > 0 ? Invoices[0].Number : null;
}

/// <summary>
/// Moves next due dates (SPEC §1): the services are due on the new date at once; with a prorata invoice, one line per
/// service bills its old due date to the day before the new one (<see cref="Proration.DueDateMove"/>), so that the period
/// in between is neither free nor billed twice (the line bills the period that starts on the old due date). The lines are
/// split into invoices as renewals split them (<see cref="InvoiceGrouping.ByOrganisation{T}"/>).
/// </summary>
public sealed class DueDateMover(NpgsqlDataSource db, TimeProvider clock)
{
    static readonly TimeZoneInfo MoscowTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    /// <param name="dryRun">Run it and roll it back: the result says what a real move would do.</param>
    public async Task<DueDateMoveResult> MoveAsync(DueDateMove move, bool dryRun = false, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), MoscowTime).DateTime);
        if (move.ServiceIds.Count == 0) throw new InvalidInput("services", "Name at least one service whose due date moves.");
        if (move.NewDueDate < today)
            throw new InvalidInput("next-due-date",
                $"The new due date {BillingPeriod.Format(move.NewDueDate)} is in the past (today is {BillingPeriod.Format(today)}); a due date only moves forward from today.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await InvoiceBook.EnsureClientAsync(conn, tx, move.ClientId, ct);
        // Lock order (LockOrder): the client, then its services.
        var separate = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select separate_invoices from clients where id = @ClientId for update", move, tx, cancellationToken: ct));
        var services = await ServiceLoader.LoadAsync(conn, tx, move.ServiceIds.Distinct().ToList(), ct, forUpdate: true);
        foreach (var id in move.ServiceIds.Where(id => services.All(s => s.Id != id)))
            throw new NotFound($"There is no service #{id}.");
        foreach (var s in services)
        {
            if (s.ClientId != move.ClientId)
                throw new InvalidInput("services", $"Service #{s.Id} belongs to client #{s.ClientId}, not #{move.ClientId}.");
            if (s.Status is not ("active" or "suspended") || !s.Billable.Cycle.IsRecurring() || s.NextDueDate is null)
                throw new InvalidInput("services", $"Service #{s.Id} ({s.Billable.ProductName}) is not a live recurring service; it has no due date to move.");
        }
        await EnsureNothingBilledAheadAsync(conn, tx, services, move, ct);

        var invoices = new List<IssuedInvoice>();
        if (move.ProrataInvoice)
        {
            var lines = services.ToDictionary(s => s.Id, s => Proration.DueDateMove(s.Id, s.Billable.ProductId, s.Billable.ProductName,
                s.Billable.Cycle, s.Billable.FullCyclePrice(), s.NextDueDate!.Value, move.NewDueDate));
            // One batch per organisation (and per service when the client asked for separate invoices); the due date of
            // each invoice is the earliest old due date on it.
            var batches = InvoiceGrouping.ByOrganisation(services, s => s.OrganisationId, s => s.ClientId, _ => move.NewDueDate, _ => separate);
            foreach (var (organisation, batch) in batches)
            {
                var issuer = await InvoiceWriter.IssuerOfProductAsync(conn, tx, organisation, ct);
                var due = batch.Items.Min(s => s.NextDueDate!.Value);
                long id;
                try
                {
                    id = await InvoiceWriter.InsertAsync(conn, tx, move.ClientId, issuer, "prorata", today, due < today ? today : due,
                        batch.Items.Select(s => lines[s.Id]).ToList(), null, ct);
                }
                catch (PostgresException e) when (InvoiceWriter.IsOverlap(e) || e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: InvoiceWriter.LinesUniqueIndex })
                {
                    // Billed by another writer since the check above.
                    throw new Conflict($"A period these services would be billed for was billed by another invoice a moment ago ({e.Detail}); look at that invoice, then try again.");
                }
                var number = await InvoiceWriter.PublishAsync(conn, tx, id, clock.GetUtcNow().UtcDateTime, "billing", ct);
                invoices.Add(new IssuedInvoice(id, number, await conn.ExecuteScalarAsync<decimal>(new CommandDefinition(
                    "select total from invoices where id = @id", new { id }, tx, cancellationToken: ct))));
            }
        }
        await conn.ExecuteAsync(new CommandDefinition("update services set next_due_date = @NewDueDate where id = any(@ids)",
            new { move.NewDueDate, ids = services.Select(s => s.Id).ToArray() }, tx, cancellationToken: ct));
        await tx.FinishAsync(dryRun, ct);
        return new DueDateMoveResult(services.Select(s => s.Id).ToList(), invoices, dryRun);
    }

    /// <summary>
    /// After the move a service is billed from its new due date on (and, with a prorata invoice, from its old one): a period
    /// already billed there would be billed a second time, so the move is refused with that period and its invoice named.
    /// A billed period that starts on the new due date is the next period itself, which renewals then leave alone.
    /// </summary>
    static async Task EnsureNothingBilledAheadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<StoredService> services,
        DueDateMove move, CancellationToken ct)
    {
        var from = services.ToDictionary(s => s.Id, s => move.ProrataInvoice && s.NextDueDate < move.NewDueDate ? s.NextDueDate!.Value : move.NewDueDate);
        var billed = await conn.QueryFirstOrDefaultAsync<BilledPeriod>(new CommandDefinition("""
            select l.service_id, l.period_start, l.period_end, i.id as invoice_id, i.number, i.status
            from invoice_lines l join invoices i on i.id = l.invoice_id
            join unnest(@ids, @froms) as f(service_id, from_date) on f.service_id = l.service_id
            where l.bills_period and l.period_end >= f.from_date and l.period_start <> @NewDueDate
            order by l.service_id, l.period_start
            """, new { ids = from.Keys.ToArray(), froms = from.Values.ToArray(), move.NewDueDate }, tx, cancellationToken: ct));
        if (billed is not null)
            throw new Conflict($"Service #{billed.ServiceId}'s period {BillingPeriod.Format(billed.PeriodStart)} - {BillingPeriod.Format(billed.PeriodEnd)} " +
                               $"is already billed (invoice {(billed.Number is { } n ? $"№ {n}" : $"черновик #{billed.InvoiceId}")}, {billed.Status}); " +
                               $"moving the due date to {BillingPeriod.Format(move.NewDueDate)} would bill those days again. Cancel that invoice first.");
    }

    sealed class BilledPeriod
    {
        public int ServiceId { get; set; }
        public DateOnly PeriodStart { get; set; }
        public DateOnly PeriodEnd { get; set; }
        public long InvoiceId { get; set; }
        public long? Number { get; set; }
        public string Status { get; set; } = "";
    }
}
