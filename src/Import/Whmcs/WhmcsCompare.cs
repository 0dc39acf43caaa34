using System.Globalization;
using Dapper;
using Npgsql;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

public sealed record Difference(string Area, long Id, string What, string? Whmcs, string? Ledger);

public sealed record WhmcsComparison(string Source, int ClientsWhmcs, int ClientsLedger, int OpenInvoicesWhmcs, int OpenInvoicesLedger,
    decimal OpenBalanceWhmcs, decimal OpenBalanceLedger, int TicketsWhmcs, int TicketsLedger, int OpenTicketsWhmcs, int OpenTicketsLedger,
    IReadOnlyList<Difference> Differences);

/// <summary>
/// `backoffice import whmcs --compare`, for the month both systems run side by side: clients (present, email, status, credit
/// balance), open invoices and their balances, ticket counts — what differs between WHMCS and the ledger. Reads only.
/// </summary>
public sealed class WhmcsCompare(NpgsqlDataSource db)
{
    sealed record ClientFacts(long Id, string Email, string Status, decimal Credit);

    public async Task<WhmcsComparison> CompareAsync(string connection, CancellationToken ct = default)
    {
        var source = new WhmcsSource(connection);
        await using var src = await source.OpenAsync(ct);
        await source.CheckIsWhmcsAsync(src, ct);
        var diffs = new List<Difference>();
        static string M(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);

        var whmcsClients = (await ListAsync(src, "select id, email, status, credit from tblclients",
            r => new ClientFacts(Long(r, 0), Text(r, 1), Text(r, 2).ToLowerInvariant(), Money(r, 3)), ct)).ToDictionary(c => c.Id);
        await using var pg = await db.OpenConnectionAsync(ct);
        var ledgerClients = (await pg.QueryAsync<ClientFacts>(new CommandDefinition("""
            select c.id::bigint as id, c.email, c.status, c.credit_balance as credit from clients c
            where exists (select 1 from whmcs_links l where l.kind = 'client' and l.local_id = c.id)
            """, cancellationToken: ct))).ToDictionary(c => c.Id);
        foreach (var w in whmcsClients.Values.OrderBy(c => c.Id))
        {
            if (!ledgerClients.TryGetValue(w.Id, out var l)) { diffs.Add(new("client", w.Id, "missing in the ledger", w.Email, null)); continue; }
            if (!string.Equals(w.Email.Trim(), l.Email, StringComparison.OrdinalIgnoreCase) && !l.Email.EndsWith("@import.invalid", StringComparison.Ordinal))
                diffs.Add(new("client", w.Id, "email", w.Email, l.Email));
            if (w.Status != l.Status) diffs.Add(new("client", w.Id, "status", w.Status, l.Status));
            if (w.Credit != l.Credit) diffs.Add(new("client", w.Id, "credit balance", M(w.Credit), M(l.Credit)));
        }
        foreach (var l in ledgerClients.Values.Where(l => !whmcsClients.ContainsKey(l.Id)).OrderBy(c => c.Id))
            diffs.Add(new("client", l.Id, "missing in WHMCS", null, l.Email));

        // Open = WHMCS Unpaid (and Payment Pending) in roubles; the balance is what is left after credit and payments.
        var whmcsOpen = (await ListAsync(src, """
            select i.id, i.total - coalesce((select sum(a.amountin) - sum(a.amountout) from tblaccounts a where a.invoiceid = i.id), 0)
            from tblinvoices i join tblclients c on c.id = i.userid left join tblcurrencies cur on cur.id = c.currency
            where i.status in ('Unpaid', 'Payment Pending') and coalesce(cur.code, 'RUB') = 'RUB'
            """, r => (Id: Long(r, 0), Balance: Money(r, 1)), ct)).ToDictionary(x => x.Id, x => x.Balance);
        var ledgerOpen = (await pg.QueryAsync<(long Id, decimal Balance)>(new CommandDefinition(
            "select id, total - credit_applied - amount_paid from invoices where status = 'unpaid'", cancellationToken: ct))).ToDictionary(x => x.Id, x => x.Balance);
        foreach (var (id, balance) in whmcsOpen.OrderBy(x => x.Key))
        {
            if (!ledgerOpen.TryGetValue(id, out var lb)) diffs.Add(new("invoice", id, "open in WHMCS, not in the ledger", M(balance), null));
            else if (lb != balance) diffs.Add(new("invoice", id, "balance", M(balance), M(lb)));
        }
        foreach (var (id, lb) in ledgerOpen.Where(x => !whmcsOpen.ContainsKey(x.Key)).OrderBy(x => x.Key))
            diffs.Add(new("invoice", id, "open in the ledger, not in WHMCS", null, M(lb)));

        var (tw, ow) = (await ListAsync(src, "select count(*), coalesce(sum(status <> 'Closed'), 0) from tbltickets", r => (Long(r, 0), Long(r, 1)), ct))[0];
        var (tl, ol) = await pg.QuerySingleAsync<(long, long)>(new CommandDefinition("""
            select count(*), count(*) filter (where t.status <> 'closed') from tickets t
            where exists (select 1 from whmcs_links l where l.kind = 'ticket' and l.local_id = t.id)
            """, cancellationToken: ct));
        if (tw != tl) diffs.Add(new("tickets", 0, "ticket count", tw.ToString(CultureInfo.InvariantCulture), tl.ToString(CultureInfo.InvariantCulture)));
        if (ow != ol) diffs.Add(new("tickets", 0, "open ticket count", ow.ToString(CultureInfo.InvariantCulture), ol.ToString(CultureInfo.InvariantCulture)));

        return new WhmcsComparison(source.Name, whmcsClients.Count, ledgerClients.Count, whmcsOpen.Count, ledgerOpen.Count,
            whmcsOpen.Values.Sum(), ledgerOpen.Values.Sum(), (int)tw, (int)tl, (int)ow, (int)ol, diffs);
    }
}
