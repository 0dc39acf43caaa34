using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BackOffice.Ledger.Billing;

/// <summary>
/// The set-based path (issue 4): a chunk of batches in one transaction with a fixed number of round trips instead of
/// ~28 per invoice. It writes what <see cref="IssueAsync"/> and <see cref="InvoiceWriter.PublishAsync"/> would write —
/// same lines, totals, VAT, status, numbers and outbox payload — and leaves to the per-client path whatever needs more
/// than that: a client with credit to apply, an invoice that would be paid at once or refused, a batch whose
/// composition fails (so that the problem is reported with the per-client wording) and a chunk that meets another run.
/// </summary>
public sealed partial class RenewalInvoicer
{
    sealed record Reference(IReadOnlyDictionary<int, Issuer> Issuers, IReadOnlyList<VatRate> Rates);

    sealed record Draft(int OrganisationId, InvoiceBatch<Candidate> Batch, Issuer Issuer, IReadOnlyList<InvoiceLine> Lines, ComposedInvoice Composed);

    sealed class ClientRow
    {
        public int Id { get; set; }
        public decimal CreditBalance { get; set; }
        public bool ApplyCredit { get; set; }
        public bool TaxExempt { get; set; }
    }

    async Task<Reference> ReferenceAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var issuers = (await conn.QueryAsync<Issuer>(new CommandDefinition(
            "select id, vat_mode, payment_method from organisations order by id", cancellationToken: ct))).ToDictionary(i => i.Id);
        // An organisation whose invoices cannot be printed (no or a malformed bank account) is left to the per-client path,
        // which refuses each of its invoices with the field named, as publishing by hand does.
        foreach (var id in issuers.Keys.ToList())
        {
            try { await Documents.SellerRequisites.CheckAsync(conn, null, id, ct); }
            catch (InvalidInput) { issuers.Remove(id); }
        }
        return new Reference(issuers, await InvoiceWriter.VatRatesAsync(conn, null, ct));
    }

    /// <summary>Writes what it can of the chunk in one transaction; returns the batches left to the per-client path.</summary>
    async Task<IReadOnlyList<(int Organisation, InvoiceBatch<Candidate> Batch)>> IssueChunkAsync(
        List<(int Organisation, InvoiceBatch<Candidate> Batch)> chunk, DateOnly runDate, Reference reference, Tally tally, CancellationToken ct)
    {
        var left = new List<(int, InvoiceBatch<Candidate>)>();
        var drafts = new List<Draft>();
        var already = 0;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            // Clients in id order, before anything else, like the per-client path: two runs queue on the first client
            // they share and the second then finds the periods billed.
            var clientIds = chunk.Select(b => b.Batch.ClientId).Distinct().Order().ToArray();
            var clients = (await conn.QueryAsync<ClientRow>(new CommandDefinition("""
                select id, credit_balance, apply_credit, tax_exempt from clients where id = any(@clientIds) order by id for update
                """, new { clientIds }, tx, cancellationToken: ct))).ToDictionary(c => c.Id);
            var ids = chunk.SelectMany(b => b.Batch.Items.Select(i => i.ServiceId)).ToArray();
            var billed = (await conn.QueryAsync<int>(new CommandDefinition("""
                select s.id from services s join invoice_lines l on l.service_id = s.id and l.period_start = s.next_due_date and l.bills_period
                where s.id = any(@ids)
                """, new { ids }, tx, cancellationToken: ct))).ToHashSet();
            IReadOnlyDictionary<int, StoredService> services;
            try
            {
                services = (await ServiceLoader.LoadAsync(conn, tx, ids, ct)).ToDictionary(s => s.Id);
            }
            catch (LedgerError)
            {
                // One service the loader refuses (a missing price) would take the chunk with it: the per-client path
                // reports it for its client and bills the others.
                return chunk;
            }

            foreach (var (organisation, batch) in chunk)
            {
                if (!clients.TryGetValue(batch.ClientId, out var client) || client is { ApplyCredit: true, CreditBalance: not 0 }
                    || !reference.Issuers.TryGetValue(organisation, out var issuer))
                {
                    left.Add((organisation, batch));
                    continue;
                }
                var due = batch.Items
                    .Select(i => services.GetValueOrDefault(i.ServiceId))
                    .OfType<StoredService>()
                    .Where(s => s.Status is "active" or "suspended" && s.NextDueDate == batch.DueDate && s.OrganisationId == organisation
                                && !billed.Contains(s.Id))
                    .OrderBy(s => s.Id)
                    .ToList();
                if (due.Count == 0)
                {
                    if (batch.Items.Any(i => billed.Contains(i.ServiceId))) already++;
                    continue;
                }
                var draft = Compose(organisation, batch, issuer, client, due, runDate, reference.Rates);
                if (draft is null) left.Add((organisation, batch));
                else drafts.Add(draft);
            }

            if (drafts.Count > 0)
            {
                var written = await InsertInvoicesAsync(conn, tx, drafts, runDate, clock.GetUtcNow().UtcDateTime, ct);
                await CopyLinesAsync(conn, drafts, written, ct);
                await tx.FinishAsync(DryRun, ct);
                tally.Numbers.AddRange(written.Select(w => w.Number));
                tally.Lines += drafts.Sum(d => d.Lines.Count);
            }
            else await tx.FinishAsync(DryRun, ct);
            tally.Already += already;
            return left;
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: InvoiceWriter.LinesUniqueIndex }
                                          or { SqlState: PostgresErrorCodes.DeadlockDetected } || InvoiceWriter.IsOverlap(e))
        {
            // Another writer billed one of these periods meanwhile: the per-client path sorts out which.
            return chunk;
        }
    }

    /// <summary>The invoice the per-client path would publish, or null when that path has to decide (credit, zero, refusal).</summary>
    static Draft? Compose(int organisation, InvoiceBatch<Candidate> batch, Issuer issuer, ClientRow client, IReadOnlyList<StoredService> due,
        DateOnly runDate, IReadOnlyList<VatRate> rates)
    {
        try
        {
            var lines = due.SelectMany(s => InvoiceComposer.LinesOf(s.Billable, runDate)).ToList();
            if (lines.Count == 0) return null;
            InvoiceWriter.CheckLines(lines);
            var composed = InvoiceComposer.Compose(new InvoiceRequest(runDate, batch.DueDate, [], rates)
            {
                OtherLines = lines,
                VatCharged = Vat.IsCharged(issuer.VatMode, client.TaxExempt),
                AvailableCredit = 0m,
            });
            // Zero is paid at publication and below zero refused: both belong to the per-client path.
            return composed.Total > 0 ? new Draft(organisation, batch, issuer, lines, composed) : null;
        }
        catch (LedgerError)
        {
            return null;
        }
    }

    /// <summary>
    /// Invoices, their numbers and their outbox rows in one statement. The numbers come from the single counter row in
    /// this transaction, as in <see cref="InvoiceWriter.PublishAsync"/>: a rollback gives them back.
    /// </summary>
    static async Task<IReadOnlyList<(long Id, long Number)>> InsertInvoicesAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<Draft> drafts, DateOnly issueDate, DateTime now, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            with counter as (
                update invoice_numbering set last_number = last_number + @count returning last_number
            ), inserted as (
                insert into invoices (number, client_id, organisation_id, kind, status, issue_date, due_date, payment_method,
                                      subtotal, credit_applied, vat_rate, vat_amount, total, published_at, mail_due)
                select counter.last_number - @count + d.ord, d.client_id, d.organisation_id, 'renewal', 'unpaid', @issueDate, d.due_date,
                       d.payment_method, d.subtotal, 0, d.vat_rate, d.vat_amount, d.total, @now, true
                from counter, unnest(@clientIds, @organisationIds, @dueDates, @paymentMethods, @subtotals, @vatRates, @vatAmounts, @totals)
                              with ordinality as d(client_id, organisation_id, due_date, payment_method, subtotal, vat_rate, vat_amount, total, ord)
                order by d.ord
                returning id, number, client_id, organisation_id, total
            ), published as (
                insert into outbox (destination, kind, aggregate_id, payload)
                select 'onec', 'invoice.published', id,
                       jsonb_build_object('invoiceId', id, 'number', number, 'clientId', client_id, 'organisationId', organisation_id, 'total', total)
                from inserted order by number
            )
            select id, number from inserted order by number
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<long>("count", drafts.Count));
        cmd.Parameters.Add(new NpgsqlParameter<DateOnly>("issueDate", issueDate));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        cmd.Parameters.Add(new NpgsqlParameter<int[]>("clientIds", drafts.Select(d => d.Batch.ClientId).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<int[]>("organisationIds", drafts.Select(d => d.Issuer.Id).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<DateOnly[]>("dueDates", drafts.Select(d => d.Batch.DueDate).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("paymentMethods", drafts.Select(d => d.Issuer.PaymentMethod).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<decimal[]>("subtotals", drafts.Select(d => d.Composed.Subtotal).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<decimal?[]>("vatRates", drafts.Select(d => d.Composed.Vat.Rate).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<decimal[]>("vatAmounts", drafts.Select(d => d.Composed.Vat.Amount).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<decimal[]>("totals", drafts.Select(d => d.Composed.Total).ToArray()));
        var written = new List<(long, long)>(drafts.Count);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            written.Add((reader.GetInt64(0), reader.GetInt64(1)));
        if (written.Count != drafts.Count)
            throw new InvalidOperationException($"Wrote {written.Count} renewal invoices for {drafts.Count} drafts.");
        return written;
    }

    /// <summary>All lines of the chunk by binary COPY, numbered from 1 per invoice as <see cref="InvoiceWriter.InsertLinesAsync"/> does.</summary>
    static async Task CopyLinesAsync(NpgsqlConnection conn, IReadOnlyList<Draft> drafts, IReadOnlyList<(long Id, long Number)> written, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("""
            copy invoice_lines (invoice_id, line_no, kind, description, quantity, unit_price, amount, adds_to_total,
                                service_id, product_id, period_start, period_end, bills_period) from stdin (format binary)
            """, ct);
        for (var d = 0; d < drafts.Count; d++)
        {
            var lines = drafts[d].Lines;
            for (var i = 0; i < lines.Count; i++)
            {
                var l = lines[i];
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(written[d].Id, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(i + 1, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(l.Kind.ToDb(), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(l.Description, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(l.Quantity, NpgsqlDbType.Numeric, ct);
                await WriteOrNullAsync(copy, l.UnitPrice, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(l.Amount, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(l.AddsToTotal, NpgsqlDbType.Boolean, ct);
                await WriteOrNullAsync(copy, l.ServiceId, NpgsqlDbType.Integer, ct);
                await WriteOrNullAsync(copy, l.ProductId, NpgsqlDbType.Integer, ct);
                await WriteOrNullAsync(copy, l.PeriodStart, NpgsqlDbType.Date, ct);
                await WriteOrNullAsync(copy, l.PeriodEnd, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(l.BillsPeriod, NpgsqlDbType.Boolean, ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct
    {
        if (value is { } v) await copy.WriteAsync(v, type, ct);
        else await copy.WriteNullAsync(ct);
    }
}
