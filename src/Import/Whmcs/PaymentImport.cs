using Dapper;
using MySqlConnector;
using Npgsql;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Transactions (tblaccounts) as payments and refunds — a refund is WHMCS's row with amountout pointing at the payment by
/// refundid — and the credit history (tblcredit). The credit balance itself comes with the client (tblclients.credit); where the
/// history does not add up to it, one row says so, so that the ledger's history sums to the balance as it does for native data.
/// </summary>
static class PaymentImport
{
    sealed record Tx(long Id, long ClientId, string Gateway, DateTime? Date, string Description, decimal In, decimal Out, string TransId, long InvoiceId, long RefundId);
    sealed record Credit(long Id, long ClientId, DateOnly? Date, string Description, decimal Amount);

    const string By = "whmcs-import";

    public static async Task RunAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var links = await run.LinksAsync("payment");
        foreach (var (w, l) in links) cx.Payments[w] = l.LocalId;
        var count = run.Count("payment");
        long after = 0;
        while (true)
        {
            var rows = await ListAsync(src, """
                select id, userid, gateway, date, description, amountin, amountout, transid, invoiceid, refundid from tblaccounts
                where id > @after and (@since is null or date >= @since) order by id limit @n
                """, r => new Tx(Long(r, 0), Long(r, 1), Text(r, 2), Time(r, 3), Text(r, 4), Money(r, 5), Money(r, 6), Text(r, 7), Long(r, 8), Long(r, 9)),
                ct, ("@after", after), ("@since", cx.Since?.ToDateTime(TimeOnly.MinValue)), ("@n", chunkSize));
            if (rows.Count == 0) break;
            after = rows[^1].Id;
            var changed = new List<(Tx Row, byte[] Hash, long? Existing)>();
            var problems = new List<ImportProblem>();
            var accepted = new HashSet<long>();
            foreach (var t in rows)
            {
                count.Read++;
                if (Refusal(t, cx, accepted) is { } refusal)
                {
                    count.NotTaken++;
                    problems.Add(new ImportProblem("payment", t.Id, refusal.Problem, false, $"transaction #{t.Id}: {refusal.Detail}"));
                    continue;
                }
                accepted.Add(t.Id);
                ImportRun.Queue(links, t.Id, t, changed, count);
            }
            if (changed.Count == 0 && problems.Count == 0)
            {
                run.Report();
                continue;
            }
            await run.ChunkAsync(async (c, tx) =>
            {
                var fresh = await run.NewIdsAsync(c, tx, "payments", changed.Count(x => x.Existing is null));
                var saved = new List<(long, long, byte[])>();
                var k = 0;
                foreach (var (t, hash, existing) in changed)
                {
                    var id = existing ?? fresh[k++];
                    cx.Payments[t.Id] = id;
                    saved.Add((t.Id, id, hash));
                    if (existing is null) count.Added++; else count.Updated++;
                }
                await WriteAsync(c, tx, changed, cx, problems, ct);
                await run.SaveLinksAsync(c, tx, "payment", saved);
                await run.SaveProblemsAsync(c, tx, "payment", [.. changed.Select(x => x.Row.Id), .. problems.Select(p => p.WhmcsId)], problems);
            });
        }
        await CreditAsync(run, src, cx, chunkSize);
    }

    static (string Problem, string Detail)? Refusal(Tx t, ImportContext cx, HashSet<long> acceptedInChunk)
    {
        if (!cx.Clients.TryGetValue(t.ClientId, out var client)) return ("client_missing", $"its client #{t.ClientId} is not in WHMCS");
        if (client.Currency != "RUB") return ("currency", $"it is in {client.Currency}, not roubles");
        if (t.In == 0 && t.Out == 0) return ("zero", $"'{t.Description}' moves no money");
        if (t.In != 0 && t.Out != 0) return ("both_directions", $"'{t.Description}' is money in ({t.In}) and out ({t.Out}) at once");
        if (t.In < 0 || t.Out < 0) return ("negative", $"'{t.Description}' has a negative amount");
        if (t.Out > 0 && t.RefundId != 0 && !cx.Payments.ContainsKey(t.RefundId) && !acceptedInChunk.Contains(t.RefundId))
            return ("refund_of_missing", $"the refund points at transaction #{t.RefundId}, which was not taken");
        if (t.Date is null) return ("date_missing", "it has no date");
        return null;
    }

    /// <summary>
    /// A chunk's payments in two statements, the new ones inserted under ids taken beforehand (a refund may point at a payment of
    /// the same chunk), the changed ones updated.
    /// </summary>
    static async Task WriteAsync(NpgsqlConnection c, NpgsqlTransaction tx, List<(Tx Row, byte[] Hash, long? Existing)> rows, ImportContext cx,
        List<ImportProblem> problems, CancellationToken ct)
    {
        var all = rows.Select(x =>
        {
            var t = x.Row;
            long? invoice = null;
            if (t.InvoiceId > 0)
            {
                if (cx.Invoices.Contains(t.InvoiceId)) invoice = t.InvoiceId;
                else problems.Add(new ImportProblem("payment", t.Id, "invoice_missing", true,
                    $"transaction #{t.Id}: its invoice #{t.InvoiceId} was not taken; the payment is kept on the client without it"));
            }
            var refund = t.Out > 0;
            return (Id: cx.Payments[t.Id], New: x.Existing is null, t.ClientId, Invoice: invoice, Kind: refund ? "refund" : "payment",
                On: DateOnly.FromDateTime(t.Date!.Value), Amount: refund ? t.Out : t.In, Method: t.Gateway.Length > 0 ? t.Gateway : "WHMCS",
                Reference: t.TransId.Length > 0 ? t.TransId : null, RefundOf: refund && cx.Payments.TryGetValue(t.RefundId, out var p) ? p : (long?)null,
                Note: t.Description.Length > 0 ? t.Description : null, At: ImportContext.Utc(t.Date!.Value));
        }).ToList();
        foreach (var (batch, sql) in new[]
        {
            (all.Where(a => a.New).ToList(), """
                insert into payments (id, client_id, invoice_id, kind, paid_on, amount, method, reference, refund_of, note, created_by, created_at)
                select id, client, invoice, kind, paid_on, amount, method, reference, refund_of, note, @by, at
                from unnest(@ids, @clients, @invoices, @kinds, @ons, @amounts, @methods, @references, @refundOfs, @notes, @ats)
                    as x(id, client, invoice, kind, paid_on, amount, method, reference, refund_of, note, at)
                """),
            (all.Where(a => !a.New).ToList(), """
                update payments p set invoice_id = x.invoice, kind = x.kind, paid_on = x.paid_on, amount = x.amount, method = x.method,
                    reference = x.reference, refund_of = x.refund_of, note = x.note
                from unnest(@ids, @clients, @invoices, @kinds, @ons, @amounts, @methods, @references, @refundOfs, @notes, @ats)
                    as x(id, client, invoice, kind, paid_on, amount, method, reference, refund_of, note, at)
                where p.id = x.id
                """),
        })
        {
            if (batch.Count == 0) continue;
            await c.ExecuteAsync(new CommandDefinition(sql, new
            {
                by = By, ids = batch.Select(a => a.Id).ToArray(), clients = batch.Select(a => a.ClientId).ToArray(), invoices = batch.Select(a => a.Invoice).ToArray(),
                kinds = batch.Select(a => a.Kind).ToArray(), ons = batch.Select(a => a.On).ToArray(), amounts = batch.Select(a => a.Amount).ToArray(),
                methods = batch.Select(a => a.Method).ToArray(), references = batch.Select(a => a.Reference).ToArray(), refundOfs = batch.Select(a => a.RefundOf).ToArray(),
                notes = batch.Select(a => a.Note).ToArray(), ats = batch.Select(a => a.At).ToArray(),
            }, tx, cancellationToken: ct));
        }
    }

    static async Task CreditAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var rows = await ListAsync(src, "select id, clientid, date, description, amount from tblcredit where @since is null or date >= @since order by id",
            r => new Credit(Long(r, 0), Long(r, 1), Date(r, 2), Text(r, 3), Money(r, 4)), ct, ("@since", cx.Since?.ToDateTime(TimeOnly.MinValue)));
        rows = rows.Where(r => r.Amount != 0).ToList();
        await ClientImport.ChildRowsAsync(run, "credit", rows, x => x.Id, x => x.ClientId, cx, chunkSize, async (c, tx, x, existing) =>
        {
            var args = new { x.ClientId, on = x.Date ?? new DateOnly(2000, 1, 1), x.Amount, reason = x.Description.Length > 0 ? x.Description : "WHMCS", by = By, existing };
            if (existing is not null)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "update credit_ledger set occurred_on = @on, amount = @Amount, reason = @reason where id = @existing", args, tx, cancellationToken: ct));
                return existing.Value;
            }
            return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into credit_ledger (client_id, occurred_on, amount, reason, created_by) values (@ClientId, @on, @Amount, @reason, @by) returning id
                """, args, tx, cancellationToken: ct));
        });

        // Where WHMCS's history does not add up to its balance (history cleaned, balance set by hand), one row per client closes the gap.
        await run.ChunkAsync(async (c, tx) =>
        {
            var gaps = (await c.QueryAsync<(long ClientId, decimal Gap, long? AdjustId)>(new CommandDefinition("""
                select cl.id, cl.credit_balance - coalesce((select sum(x.amount) from credit_ledger x where x.client_id = cl.id
                           and not exists (select 1 from whmcs_links a where a.kind = 'credit_adjust' and a.local_id = x.id)), 0),
                       (select a.local_id from whmcs_links a where a.kind = 'credit_adjust' and a.whmcs_id = cl.id)
                from clients cl join whmcs_links l on l.kind = 'client' and l.local_id = cl.id
                """, transaction: tx, cancellationToken: ct))).ToList();
            var count = run.Count("credit_adjust");
            foreach (var (client, gap, adjust) in gaps)
            {
                if (adjust is { } a)
                {
                    var current = await c.ExecuteScalarAsync<decimal>(new CommandDefinition("select amount from credit_ledger where id = @a", new { a }, tx, cancellationToken: ct));
                    if (current == gap) continue;
                    if (gap == 0)
                    {
                        await c.ExecuteAsync(new CommandDefinition("""
                            delete from whmcs_links where kind = 'credit_adjust' and whmcs_id = @client; delete from credit_ledger where id = @a
                            """, new { client, a }, tx, cancellationToken: ct));
                    }
                    else await c.ExecuteAsync(new CommandDefinition("update credit_ledger set amount = @gap where id = @a", new { gap, a }, tx, cancellationToken: ct));
                    count.Updated++;
                }
                else if (gap != 0)
                {
                    var id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                        insert into credit_ledger (client_id, occurred_on, amount, reason, created_by)
                        values (@client, current_date, @gap, 'Кредитный баланс в WHMCS без истории движений', @By) returning id
                        """, new { client, gap, By }, tx, cancellationToken: ct));
                    await run.SaveLinksAsync(c, tx, "credit_adjust", [(client, id, ImportRun.Hash(gap))]);
                    count.Added++;
                }
            }
        }, countChunk: false);
    }
}
