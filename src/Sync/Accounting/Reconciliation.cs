using BackOffice.Ledger.Billing;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Sync.Accounting;

/// <summary>One difference between the ledger and 1C for an invoice number.</summary>
public sealed record ReconcileDifference(string Number, long? BillingNumber, string Difference, string? Ledger, string? OneC)
{
    // The values Ledger and OneC are written from, apart, for a screen that says them in its own words.
    public decimal? LedgerTotal { get; init; }
    public string? LedgerStatus { get; init; }
    public decimal? OneCTotal { get; init; }
    public bool? OneCDeleted { get; init; }
}

/// <summary>
/// <c>backoffice sync reconcile --from --to</c>: ledger invoices issued in the range against 1C's invoices dated in it,
/// by number: missing on either side (on 1C's side only numbers of our pattern), and totals, contractors or cancellation
/// that differ.
/// </summary>
public sealed class Reconciliation(NpgsqlDataSource db, OneCClient client, IOptions<AccountingOptions> options)
{
    public static readonly BackOffice.Ledger.RefusalCode PeriodBackwards = new("reconciliation.period-backwards");
    const int Page = 500;

    public async Task<IReadOnlyList<ReconcileDifference>> CompareAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to < from) throw new BackOffice.Ledger.InvalidInput(PeriodBackwards, "to", $"--to {BillingPeriod.Format(to)} is before --from {BillingPeriod.Format(from)}.");
        var numbers = DocumentNumberFormat.Parse(options.Value.NumberPattern);
        await using var conn = await db.OpenConnectionAsync(ct);
        var ledger = (await conn.QueryAsync<LedgerRow>(new CommandDefinition("""
            select i.number, i.total, i.status, c.contractor_code, m.contractor_key
            from invoices i join clients c on c.id = i.client_id left join onec_invoices m on m.invoice_id = i.id
            where i.number is not null and i.issue_date between @from and @to order by i.number
            """, new { from, to }, cancellationToken: ct))).ToList();

        var filter = $"Date ge {OData.DateTime(from.ToDateTime(TimeOnly.MinValue))} and Date lt {OData.DateTime(to.AddDays(1).ToDateTime(TimeOnly.MinValue))}";
        var onec = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        for (var skip = 0; ; skip += Page)
        {
            var rows = await client.QueryAsync(client.Invoices, filter, ct, "Ref_Key,Number,Date,Контрагент_Key,СуммаДокумента,DeletionMark", Page, skip);
            foreach (var r in rows)
                onec[OData.String(r, "Number")?.Trim() ?? ""] = new()
                {
                    ["total"] = OData.Decimal(r, "СуммаДокумента"), ["contractor"] = OData.Key(r, "Контрагент_Key"), ["deleted"] = OData.Bool(r, "DeletionMark"),
                };
            if (rows.Count < Page) break;
        }

        var differences = new List<ReconcileDifference>();
        foreach (var l in ledger)
        {
            var number = numbers.TryFormat(l.Number) ?? l.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!onec.Remove(number, out var o))
            {
                differences.Add(new(number, l.Number, "missing in 1C", $"{Money.Format(l.Total)} {l.Status}", null) { LedgerTotal = l.Total, LedgerStatus = l.Status });
                continue;
            }
            if ((decimal)o["total"]! != l.Total)
                differences.Add(new(number, l.Number, "total differs", Money.Format(l.Total), Money.Format((decimal)o["total"]!))
                    { LedgerTotal = l.Total, OneCTotal = (decimal)o["total"]! });
            if (l.ContractorKey is { } k && (Guid?)o["contractor"] != k)
                differences.Add(new(number, l.Number, "contractor differs", $"{l.ContractorCode} ({k})", o["contractor"]?.ToString()));
            if ((l.Status == "cancelled") != (bool)o["deleted"]!)
                differences.Add(new(number, l.Number, "status differs", l.Status, (bool)o["deleted"]! ? "marked for deletion" : "not marked for deletion")
                    { LedgerStatus = l.Status, OneCDeleted = (bool)o["deleted"]! });
        }
        // Only documents under our numbering can be missing from the ledger: the accountants' own invoices (another prefix,
        // 1C's automatic numbers) are theirs.
        foreach (var (number, o) in onec.Where(p => numbers.BillingNumber(p.Key) is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
            differences.Add(new(number, numbers.BillingNumber(number), "missing in the ledger", null,
                $"{Money.Format((decimal)o["total"]!)}{((bool)o["deleted"]! ? " marked for deletion" : "")}") { OneCTotal = (decimal)o["total"]!, OneCDeleted = (bool)o["deleted"]! });
        return differences;
    }

    sealed class LedgerRow
    {
        public long Number { get; set; }
        public decimal Total { get; set; }
        public string Status { get; set; } = "";
        public string? ContractorCode { get; set; }
        public Guid? ContractorKey { get; set; }
    }
}
