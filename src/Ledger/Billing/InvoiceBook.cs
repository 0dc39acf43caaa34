using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>Invoices as staff handle them: drafts they edit, then publish (numbered, sent to 1C), cancel or read.</summary>
public sealed class InvoiceBook(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly RefusalCode PeriodBilled = new("invoice.period-billed");
    public static readonly RefusalCode PeriodOverlap = new("invoice.period-overlap");

    public async Task<InvoiceView> CreateDraftAsync(DraftInvoice draft, CancellationToken ct = default)
    {
        long id;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await EnsureClientAsync(conn, tx, draft.ClientId, ct);
            EnsureDates(draft.IssueDate, draft.DueDate);
            // Staff leave the method out when the client's usual one is meant.
            var method = string.IsNullOrWhiteSpace(draft.PaymentMethod)
                ? await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
                    "select default_payment_method from clients where id = @ClientId", draft, tx, cancellationToken: ct))
                : draft.PaymentMethod;
            var issuer = await InvoiceWriter.IssuerAsync(conn, tx, method, ct);
            id = await Guarded(() => InvoiceWriter.InsertAsync(conn, tx, draft.ClientId, issuer, "manual", draft.IssueDate, draft.DueDate,
                draft.Lines, draft.Notes, ct));
            await tx.CommitAsync(ct);
        }
        return await GetAsync(id, ct);
    }

    public async Task<InvoiceView> EditDraftAsync(long id, DraftEdit edit, CancellationToken ct = default)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await EnsureClientAsync(conn, tx, await InvoiceWriter.ClientOfAsync(conn, tx, id, ct), ct);
            var invoice = await InvoiceWriter.LockAsync(conn, tx, id, ct);
            if (invoice.Status != "draft")
                throw new Conflict(InvoiceWriter.NotADraft, $"Invoice {invoice.Title} is published ({invoice.Status}); only drafts are edited — " +
                                   $"cancel it and issue a new one, or give the client credit (credit add).");
            var issuer = edit.PaymentMethod is null ? null : await InvoiceWriter.IssuerAsync(conn, tx, edit.PaymentMethod, ct);
            var issue = edit.IssueDate ?? invoice.IssueDate;
            var due = edit.DueDate ?? invoice.DueDate;
            EnsureDates(issue, due);
            await conn.ExecuteAsync(new CommandDefinition("""
                update invoices set issue_date = @issue, due_date = @due, notes = coalesce(@Notes, notes),
                    organisation_id = coalesce(@org, organisation_id), payment_method = coalesce(@pm, payment_method)
                where id = @id
                """, new { id, issue, due, edit.Notes, org = issuer?.Id, pm = issuer?.PaymentMethod }, tx, cancellationToken: ct));
            if (edit.Lines is { } lines)
            {
                await conn.ExecuteAsync(new CommandDefinition("delete from invoice_lines where invoice_id = @id", new { id }, tx, cancellationToken: ct));
                await Guarded(async () => { await InvoiceWriter.InsertLinesAsync(conn, tx, id, lines, ct); return 0; });
            }
            await InvoiceWriter.StoreDraftTotalsAsync(conn, tx, id, ct);
            await tx.CommitAsync(ct);
        }
        return await GetAsync(id, ct);
    }

    public async Task<InvoiceView> PublishAsync(long id, string by = "billing", CancellationToken ct = default)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await InvoiceWriter.PublishAsync(conn, tx, id, clock.GetUtcNow().UtcDateTime, by, ct);
            await tx.CommitAsync(ct);
        }
        return await GetAsync(id, ct);
    }

    public async Task<InvoiceView> CancelAsync(long id, string by = "billing", CancellationToken ct = default)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await InvoiceWriter.CancelAsync(conn, tx, id, by, ct);
            await tx.CommitAsync(ct);
        }
        return await GetAsync(id, ct);
    }

    /// <summary>An unpaid invoice past its due date goes to collections: it stays payable, and the overdue steps leave it alone.</summary>
    public Task<InvoiceView> SendToCollectionsAsync(long id, string by = "billing", CancellationToken ct = default) =>
        MoveCollectionsAsync(id, toCollections: true, by, ct);

    /// <summary>Back from collections to unpaid (the agency gave it back, or it was sent by mistake).</summary>
    public Task<InvoiceView> ReturnFromCollectionsAsync(long id, string by = "billing", CancellationToken ct = default) =>
        MoveCollectionsAsync(id, toCollections: false, by, ct);

    async Task<InvoiceView> MoveCollectionsAsync(long id, bool toCollections, string by, CancellationToken ct)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await MoveCollectionsAsync(conn, tx, id, toCollections, by, BusinessDay.Today(clock), ct);
            await tx.CommitAsync(ct);
        }
        return await GetAsync(id, ct);
    }

    /// <summary>The same move in the caller's transaction (<see cref="InvoiceDesk"/> rolls it back for a dry run).</summary>
    internal static async Task MoveCollectionsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, bool toCollections, string by, DateOnly today,
        CancellationToken ct)
    {
        var invoice = await InvoiceWriter.LockAsync(conn, tx, id, ct);
        if (toCollections)
        {
            if (invoice.Status != "unpaid")
                throw new Conflict(invoice.Status switch
                {
                    "collections" => $"Invoice {invoice.Title} is already in collections.",
                    "draft" => $"Invoice {invoice.Title} is a draft; only an unpaid, overdue invoice can be sent to collections.",
                    _ => $"Invoice {invoice.Title} is {invoice.Status}; only an unpaid, overdue invoice can be sent to collections.",
                });
            if (invoice.DueDate >= today)
                throw new Conflict($"Invoice {invoice.Title} is not overdue: it is due on {BillingPeriod.Format(invoice.DueDate)}; " +
                                   "only an unpaid, overdue invoice can be sent to collections.");
        }
        else if (invoice.Status != "collections")
            throw new Conflict($"Invoice {invoice.Title} is {(invoice.Status == "draft" ? "a draft" : invoice.Status)}, not in collections; " +
                               "only an invoice in collections can be returned to unpaid.");
        var status = toCollections ? "collections" : "unpaid";
        await conn.ExecuteAsync(new CommandDefinition("update invoices set status = @status where id = @id", new { id, status }, tx, cancellationToken: ct));
        await Outbox.WriteAsync(conn, tx, "onec", toCollections ? "invoice.collections" : "invoice.collections_returned", id,
            new { invoiceId = id, invoice.Number, status, by }, ct);
    }

    public async Task DeleteDraftAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await InvoiceWriter.DeleteDraftAsync(conn, tx, id, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<InvoiceView> GetAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var invoice = await conn.QuerySingleOrDefaultAsync<Invoice>(new CommandDefinition(
                          "select * from invoices where id = @id", new { id }, cancellationToken: ct))
                      ?? throw new NotFound(Refusals.InvoiceIdMissing, $"There is no invoice with id {id}.");
        return await ViewAsync(conn, invoice, ct);
    }

    /// <summary>By the number printed on the invoice (and carried by 1C).</summary>
    public async Task<InvoiceView> FindByNumberAsync(long number, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var invoice = await conn.QuerySingleOrDefaultAsync<Invoice>(new CommandDefinition(
                          "select * from invoices where number = @number", new { number }, cancellationToken: ct))
                      ?? throw new NotFound(Refusals.InvoiceMissing, $"There is no invoice № {number}.");
        return await ViewAsync(conn, invoice, ct);
    }

    /// <summary>The invoice as it stands inside a unit of work (what a dry run shows before it is rolled back).</summary>
    internal static async Task<InvoiceView> ViewAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct) =>
        await ViewAsync(conn, await conn.QuerySingleAsync<Invoice>(new CommandDefinition(
            "select * from invoices where id = @id", new { id }, tx, cancellationToken: ct)), ct, tx);

    static async Task<InvoiceView> ViewAsync(NpgsqlConnection conn, Invoice invoice, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        var lines = await InvoiceWriter.LinesAsync(conn, tx, invoice.Id, ct);
        var (client, organisation) = await conn.QuerySingleAsync<(string, string)>(new CommandDefinition("""
            select coalesce(nullif(c.company_name, ''), trim(c.first_name || ' ' || c.last_name)), o.full_name
            from clients c, organisations o where c.id = @ClientId and o.id = @OrganisationId
            """, invoice, tx, cancellationToken: ct));
        return new InvoiceView(invoice, lines, client, organisation);
    }

    internal static async Task EnsureClientAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, CancellationToken ct)
    {
        // Locked, as first in LockOrder: the invoice's lines may bill periods, and the overlap check takes the client too.
        if (await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                "select 1 from clients where id = @clientId for update", new { clientId }, tx, cancellationToken: ct)) is null)
            throw new NotFound(Refusals.ClientMissing, $"There is no client #{clientId}.");
    }

    static void EnsureDates(DateOnly issue, DateOnly due)
    {
        if (due < issue)
            throw new InvalidInput(InvoiceWriter.DueBeforeIssue, "due-date", $"The due date {BillingPeriod.Format(due)} cannot be before the issue date {BillingPeriod.Format(issue)}.");
    }

    static async Task<T> Guarded<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == InvoiceWriter.LinesUniqueIndex)
        {
            throw new Conflict(PeriodBilled, $"A service period on this invoice is already billed by another invoice ({e.Detail}); cancel that one first.");
        }
        catch (PostgresException e) when (InvoiceWriter.IsOverlap(e))
        {
            throw new Conflict(PeriodOverlap, $"A service period on this invoice overlaps days already billed by another invoice ({e.Detail}); cancel that one first.");
        }
    }
}
