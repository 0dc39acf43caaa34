using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using MySqlConnector;
using Npgsql;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Invoices with their ids and numbers (WHMCS's invoicenum where set — it stays empty until paid under sequential paid
/// numbering — else the id), lines, totals, tax and credit applied; then payments and refunds (tblaccounts). Imported
/// invoices are history that 1C already carries: nothing is queued for 1C. Numbering continues after the highest number.
/// </summary>
static partial class InvoiceImport
{
    sealed record Inv(long Id, long ClientId, string InvoiceNum, DateOnly? Issue, DateOnly? Due, DateOnly? Paid, decimal Subtotal, decimal Credit,
        decimal Tax, decimal Total, decimal TaxRate, string Status, string? Notes, decimal PaidSum);

    sealed record Item(long Id, long InvoiceId, string Type, long RelId, string Description, decimal Amount);

    public static async Task RunAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var links = await run.LinksAsync("invoice");
        foreach (var l in links.Keys) cx.Invoices.Add(l);
        var numbers = await run.ReadAsync(async (c, tx) => (await c.QueryAsync<(long, long)>(new CommandDefinition(
            "select number, id from invoices where number is not null", transaction: tx, cancellationToken: ct))).ToDictionary(x => x.Item1, x => x.Item2));
        var numberPattern = NumberPattern(cx.InvoiceNumberFormat);
        var count = run.Count("invoice");
        long after = 0;
        while (true)
        {
            var invoices = await ListAsync(src, """
                select i.id, i.userid, i.invoicenum, i.date, i.duedate, i.datepaid, i.subtotal, i.credit, i.tax + i.tax2, i.total, i.taxrate, i.status, i.notes,
                       coalesce((select sum(a.amountin) - sum(a.amountout) from tblaccounts a where a.invoiceid = i.id), 0)
                from tblinvoices i
                where i.id > @after
                  and (@since is null or i.date >= @since or i.datepaid >= @since or i.status in ('Unpaid', 'Payment Pending', 'Draft')
                       or i.id in (select a.invoiceid from tblaccounts a where a.date >= @since))
                order by i.id limit @n
                """, r => new Inv(Long(r, 0), Long(r, 1), Text(r, 2), Date(r, 3), Date(r, 4), Date(r, 5), Money(r, 6), Money(r, 7), Money(r, 8), Money(r, 9),
                Money(r, 10), Text(r, 11), TextOrNull(r, 12), Money(r, 13)), ct, ("@after", after), ("@since", cx.Since?.ToDateTime(TimeOnly.MinValue)), ("@n", chunkSize));
            if (invoices.Count == 0) break;
            after = invoices[^1].Id;
            var items = (await ListAsync(src, """
                select id, invoiceid, type, relid, description, amount from tblinvoiceitems
                where invoiceid between @lo and @hi order by invoiceid, id
                """, r => new Item(Long(r, 0), Long(r, 1), Text(r, 2), Long(r, 3), Text(r, 4), Money(r, 5)), ct,
                ("@lo", invoices[0].Id), ("@hi", invoices[^1].Id))).ToLookup(i => i.InvoiceId);

            var changed = new List<(Inv Inv, List<Item> Items, byte[] Hash, bool Exists)>();
            var problems = new List<ImportProblem>();
            foreach (var inv in invoices)
            {
                count.Read++;
                var lines = items[inv.Id].ToList();
                if (Refusal(inv, cx) is { } refusal)
                {
                    count.NotTaken++;
                    problems.Add(new ImportProblem("invoice", inv.Id, refusal.Problem, false, $"invoice #{inv.Id}: {refusal.Detail}"));
                    continue;
                }
                var hash = ImportRun.Hash(string.Join("\n", lines.Select(l => l.ToString()).Prepend(inv.ToString())));
                var exists = links.TryGetValue(inv.Id, out var link);
                if (exists && ImportRun.Same(link.Hash, hash)) { count.Unchanged++; continue; }
                changed.Add((inv, lines, hash, exists));
            }
            if (changed.Count == 0 && problems.Count == 0)
            {
                run.Report();
                continue;
            }
            await run.ChunkAsync(async (c, tx) =>
            {
                var saved = new List<(long, long, byte[])>();
                var written = new List<(Inv Inv, long? Number)>();
                var newLines = new List<NewLine>();
                foreach (var (inv, lines, hash, exists) in changed)
                {
                    long? number = null;
                    if (inv.Status != "Draft")
                    {
                        number = inv.Id;
                        if (inv.InvoiceNum.Length > 0)
                        {
                            if (ParseNumber(inv.InvoiceNum, numberPattern) is { } n) number = n;
                            else problems.Add(new ImportProblem("invoice", inv.Id, "number_unreadable", true,
                                $"invoice #{inv.Id}: its number '{inv.InvoiceNum}' does not fit SequentialInvoiceNumberFormat '{cx.InvoiceNumberFormat}'; numbered by its id {inv.Id}"));
                        }
                        if (numbers.TryGetValue(number.Value, out var holder) && holder != inv.Id)
                        {
                            count.NotTaken++;
                            problems.Add(new ImportProblem("invoice", inv.Id, "number_clash", false,
                                $"invoice #{inv.Id}: its number {number} is already invoice id {holder}'s; sort the numbers out in WHMCS"));
                            continue;
                        }
                        numbers[number.Value] = inv.Id;
                    }
                    written.Add((inv, number));
                    Lines(inv, lines, cx, problems, newLines);
                    cx.Invoices.Add(inv.Id);
                    saved.Add((inv.Id, inv.Id, hash));
                    if (exists) count.Updated++; else count.Added++;
                }
                await WriteAsync(c, tx, written, cx, ct);
                await InsertLinesAsync(c, tx, newLines, ct);
                await run.SaveLinksAsync(c, tx, "invoice", saved);
                await run.SaveProblemsAsync(c, tx, "invoice", [.. changed.Select(x => x.Inv.Id), .. problems.Select(p => p.WhmcsId)], problems);
                await c.ExecuteAsync(new CommandDefinition("""
                    select setval(pg_get_serial_sequence('invoices', 'id'), greatest((select max(id) from invoices), 1));
                    update invoice_numbering set last_number = greatest(last_number, coalesce((select max(number) from invoices), 0));
                    """, transaction: tx, cancellationToken: ct));
            });
        }
    }

    static (string Problem, string Detail)? Refusal(Inv inv, ImportContext cx)
    {
        if (!cx.Clients.TryGetValue(inv.ClientId, out var client))
            return ("client_missing", $"its client #{inv.ClientId} is not in WHMCS");
        if (client.Currency != "RUB")
            return ("currency", $"it is in {(client.Currency.Length > 0 ? client.Currency : "an unknown currency")}, not roubles");
        if (Status(inv.Status) is null)
            return ("status_unknown", $"its status '{inv.Status}' is none of Draft, Unpaid, Payment Pending, Paid, Cancelled, Refunded, Collections");
        if (inv.Issue is null)
            return ("date_missing", "it has no invoice date");
        return null;
    }

    static string? Status(string whmcs) => whmcs switch
    {
        "Draft" => "draft",
        "Unpaid" or "Payment Pending" => "unpaid",
        "Paid" => "paid",
        "Cancelled" => "cancelled",
        "Refunded" => "refunded",
        "Collections" => "collections",
        _ => null,
    };

    sealed record NewLine(long InvoiceId, int LineNo, string Kind, string Description, decimal Amount, long? Service, long? Product, DateOnly? Start, DateOnly? End);

    // The lines of a whole chunk in one statement: a million lines one by one were most of the import's round trips.
    static Task InsertLinesAsync(NpgsqlConnection c, NpgsqlTransaction tx, List<NewLine> lines, CancellationToken ct) =>
        lines.Count == 0 ? Task.CompletedTask : c.ExecuteAsync(new CommandDefinition("""
            insert into invoice_lines (invoice_id, line_no, kind, description, quantity, unit_price, amount, service_id, product_id, period_start, period_end)
            select i, n, k, d, 1, a, a, s, p, ps, pe from unnest(@i, @n, @k, @d, @a, @s, @p, @ps, @pe) as x(i, n, k, d, a, s, p, ps, pe)
            """, new
        {
            i = lines.Select(l => l.InvoiceId).ToArray(), n = lines.Select(l => l.LineNo).ToArray(), k = lines.Select(l => l.Kind).ToArray(),
            d = lines.Select(l => l.Description).ToArray(), a = lines.Select(l => l.Amount).ToArray(), s = lines.Select(l => l.Service).ToArray(),
            p = lines.Select(l => l.Product).ToArray(), ps = lines.Select(l => l.Start).ToArray(), pe = lines.Select(l => l.End).ToArray(),
        }, tx, cancellationToken: ct));

    /// <summary>
    /// A chunk's invoices in one statement (new and changed alike), their old lines cleared for the new ones: row by row, this
    /// was most of the import's round trips.
    /// </summary>
    static Task WriteAsync(NpgsqlConnection c, NpgsqlTransaction tx, List<(Inv Inv, long? Number)> invoices, ImportContext cx, CancellationToken ct)
    {
        if (invoices.Count == 0) return Task.CompletedTask;
        var statuses = invoices.Select(x => Status(x.Inv.Status)!).ToArray();
        DateTime Midnight(DateOnly d) => ImportContext.Utc(d.ToDateTime(TimeOnly.MinValue));
        return c.ExecuteAsync(new CommandDefinition("""
            insert into invoices (id, number, client_id, organisation_id, kind, status, issue_date, due_date, paid_date, payment_method,
                subtotal, credit_applied, vat_rate, vat_amount, total, amount_paid, notes, created_at, published_at)
            select x.id, x.number, x.client, @org, 'manual', x.status, x.issue, x.due, x.paid, @method,
                x.subtotal, x.credit, x.rate, x.tax, x.total, x.paid_sum, x.notes, x.created, x.published
            from unnest(@ids, @numbers, @clients, @statuses, @issues, @dues, @paids, @subtotals, @credits, @rates, @taxes, @totals, @paidSums, @notes, @created, @published)
                as x(id, number, client, status, issue, due, paid, subtotal, credit, rate, tax, total, paid_sum, notes, created, published)
            on conflict (id) do update set number = excluded.number, status = excluded.status, issue_date = excluded.issue_date,
                due_date = excluded.due_date, paid_date = excluded.paid_date, subtotal = excluded.subtotal, credit_applied = excluded.credit_applied,
                vat_rate = excluded.vat_rate, vat_amount = excluded.vat_amount, total = excluded.total, amount_paid = excluded.amount_paid,
                notes = excluded.notes, published_at = excluded.published_at;
            delete from invoice_lines where invoice_id = any(@ids);
            """, new
        {
            org = cx.OrganisationId, method = cx.PaymentMethod,
            ids = invoices.Select(x => x.Inv.Id).ToArray(), numbers = invoices.Select(x => x.Number).ToArray(),
            clients = invoices.Select(x => x.Inv.ClientId).ToArray(), statuses,
            issues = invoices.Select(x => x.Inv.Issue!.Value).ToArray(), dues = invoices.Select(x => x.Inv.Due ?? x.Inv.Issue!.Value).ToArray(),
            paids = invoices.Select((x, i) => statuses[i] is "paid" or "refunded" ? x.Inv.Paid : null).ToArray(),
            subtotals = invoices.Select(x => x.Inv.Subtotal).ToArray(), credits = invoices.Select(x => x.Inv.Credit).ToArray(),
            rates = invoices.Select(x => x.Inv.TaxRate > 0 ? x.Inv.TaxRate : (decimal?)null).ToArray(), taxes = invoices.Select(x => x.Inv.Tax).ToArray(),
            // WHMCS's total is net of the credit applied; the ledger's total is what the invoice is for, its balance total − credit − paid.
            totals = invoices.Select(x => x.Inv.Total + x.Inv.Credit).ToArray(), paidSums = invoices.Select(x => x.Inv.PaidSum).ToArray(),
            notes = invoices.Select(x => x.Inv.Notes).ToArray(), created = invoices.Select(x => Midnight(x.Inv.Issue!.Value)).ToArray(),
            published = invoices.Select((x, i) => statuses[i] == "draft" ? (DateTime?)null : Midnight(x.Inv.Issue!.Value)).ToArray(),
        }, tx, cancellationToken: ct));
    }

    static void Lines(Inv inv, List<Item> items, ImportContext cx, List<ImportProblem> problems, List<NewLine> newLines)
    {
        var lineNo = 0;
        foreach (var item in items)
        {
            var kind = LineKind(item.Type);
            if (kind is "service" or "promo" && item.RelId > 0 && !cx.HostingIds.Contains(item.RelId))
                problems.Add(new ImportProblem("invoice_line", item.Id, "service_missing", true,
                    $"invoice #{inv.Id} line '{FirstLine(item.Description)}': its service #{item.RelId} was deleted in WHMCS; the line is kept without it"));
            var (start, end) = Period(item.Description);
            long? service = kind is "service" or "promo" or "prorata" && cx.Services.ContainsKey(item.RelId) ? item.RelId : null;
            long? product = service is { } sid ? cx.Services[sid] : null;
            newLines.Add(new NewLine(inv.Id, ++lineNo, kind, item.Description, item.Amount, service, product, start, end));
        }
    }

    static string LineKind(string type) => type switch
    {
        "Hosting" or "Setup" => "service",
        "PromoHosting" or "PromoDomain" => "promo",
        "Addon" => "addon",
        "LateFee" => "late_fee",
        "Upgrade" => "upgrade",
        "GroupDiscount" => "discount",
        _ when type.StartsWith("Prorata", StringComparison.Ordinal) => "prorata",
        _ => "manual",
    };

    static string FirstLine(string s) => s.Split('\n')[0].Trim();

    /// <summary>"… (01/02/2019 - 31/07/2019)": the period WHMCS writes into a service line.</summary>
    static (DateOnly?, DateOnly?) Period(string description)
    {
        var m = PeriodPattern().Match(description);
        if (!m.Success) return (null, null);
        var ok1 = DateOnly.TryParseExact(m.Groups[1].Value, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var a);
        var ok2 = DateOnly.TryParseExact(m.Groups[2].Value, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var b);
        return ok1 && ok2 && a <= b ? (a, b) : (null, null);
    }

    [GeneratedRegex(@"\((\d{2}/\d{2}/\d{4}) - (\d{2}/\d{2}/\d{4})\)")]
    private static partial Regex PeriodPattern();

    /// <summary>SequentialInvoiceNumberFormat ("{NUMBER}", "ЛТ00-{NUMBER}", "{YEAR}-{NUMBER}") as a pattern catching the number.</summary>
    internal static Regex NumberPattern(string format)
    {
        var f = string.IsNullOrWhiteSpace(format) ? "{NUMBER}" : format.Trim();
        var pattern = Regex.Escape(f).Replace(@"\{NUMBER}", @"(?<n>\d+)", StringComparison.Ordinal)
            .Replace(@"\{YEAR}", @"\d{4}", StringComparison.Ordinal).Replace(@"\{MONTH}", @"\d{2}", StringComparison.Ordinal)
            .Replace(@"\{DAY}", @"\d{2}", StringComparison.Ordinal);
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
    }

    internal static long? ParseNumber(string invoiceNum, Regex pattern)
    {
        var m = pattern.Match(invoiceNum.Trim());
        if (m.Success && m.Groups["n"].Success && long.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n is > 0 and <= 9_999_999_999)
            return n;
        return long.TryParse(invoiceNum.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var plain) && plain is > 0 and <= 9_999_999_999 ? plain : null;
    }
}
