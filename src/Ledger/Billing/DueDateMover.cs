using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>Services of one client whose next due date moves, with or without a prorata invoice for the days in between.</summary>
public sealed record DueDateMove(int ClientId, IReadOnlyList<int> ServiceIds, DateOnly NewDueDate, bool ProrataInvoice = true);

/// <summary>What the move did: the prorata invoice, if one was issued.</summary>
public sealed record DueDateMoveResult(IReadOnlyList<int> ServiceIds, long? InvoiceId, long? InvoiceNumber);

/// <summary>
/// Moves next due dates (SPEC §1): the services are due on the new date at once; with a prorata invoice, one line per
/// service bills its old due date to the day before the new one (<see cref="Proration.DueDateMove"/>), so that the period
/// in between is neither free nor billed twice (the line bills the period that starts on the old due date).
/// </summary>
public sealed class DueDateMover(NpgsqlDataSource db, TimeProvider clock)
{
    static readonly TimeZoneInfo MoscowTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public async Task<DueDateMoveResult> MoveAsync(DueDateMove move, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), MoscowTime).DateTime);
        if (move.ServiceIds.Count == 0) throw new InvalidInput("services", "Name at least one service whose due date moves.");
        if (move.NewDueDate < today)
            throw new InvalidInput("next-due-date",
                $"The new due date {BillingPeriod.Format(move.NewDueDate)} is in the past (today is {BillingPeriod.Format(today)}); a due date only moves forward from today.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await InvoiceBook.EnsureClientAsync(conn, tx, move.ClientId, ct);
        await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @ClientId for update", move, tx, cancellationToken: ct));
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

        (long Id, long Number)? invoice = null;
        if (move.ProrataInvoice)
        {
            var lines = services.Select(s => Proration.DueDateMove(s.Id, s.Billable.ProductId, s.Billable.ProductName, s.Billable.Cycle,
                s.Billable.FullCyclePrice(), s.NextDueDate!.Value, move.NewDueDate)).ToList();
            var issuer = await InvoiceWriter.IssuerOfProductAsync(conn, tx, services[0].OrganisationId, ct);
            var due = services.Min(s => s.NextDueDate!.Value);
            try
            {
                var id = await InvoiceWriter.InsertAsync(conn, tx, move.ClientId, issuer, "prorata", today, due < today ? today : due, lines, null, ct);
                invoice = (id, await InvoiceWriter.PublishAsync(conn, tx, id, clock.GetUtcNow().UtcDateTime, "billing", ct));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == InvoiceWriter.LinesUniqueIndex)
            {
                throw new Conflict("The period from the current due date is already billed by another invoice; cancel that invoice before moving the due date with a prorata invoice.");
            }
        }
        await conn.ExecuteAsync(new CommandDefinition("update services set next_due_date = @NewDueDate where id = any(@ids)",
            new { move.NewDueDate, ids = services.Select(s => s.Id).ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new DueDateMoveResult(services.Select(s => s.Id).ToList(), invoice?.Id, invoice?.Number);
    }
}
