using System.Text.Json.Nodes;
using BackOffice.Ledger.Billing;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Sync.Tests.Accounting;

/// <summary><c>sync reconcile</c>: each kind of difference between the ledger and 1C, and none for a period that agrees.</summary>
public class ReconcileTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    static readonly DateOnly From = new(2026, 11, 1), To = new(2026, 11, 30);

    Task<IReadOnlyList<ReconcileDifference>> CompareAsync() => Services.GetRequiredService<Reconciliation>().CompareAsync(From, To);

    Guid Key(string number) => OData.Key(Document1C(number), "Ref_Key")!.Value;

    [Fact]
    public async Task A_period_that_agrees_gives_no_differences_whatever_else_1c_holds()
    {
        await PublishAsync(Fabrika, 1500m);
        var (cancelled, _) = await PublishAsync(SetOteley, 700m);
        await RunAsync();
        await new InvoiceBook(Database, Clock).CancelAsync(cancelled);
        await RunAsync(); // marked for deletion in 1C too
        // Not ours or not in the period: the accountants' own invoice under 1C's numbering, and one of ours of October.
        OneC.Add(Invoices1C, new JsonObject { ["Number"] = "0000-000123", ["Date"] = "2026-11-10T10:00:00", ["СуммаДокумента"] = 50 });
        OneC.Add(Invoices1C, new JsonObject { ["Number"] = "ЛТ00-070001", ["Date"] = "2026-10-31T23:59:59", ["СуммаДокумента"] = 60 });

        Assert.Empty(await CompareAsync());
    }

    [Fact]
    public async Task Each_kind_of_difference_is_listed_with_both_sides()
    {
        await PublishAsync(Fabrika, 1000m);   // 72815: total changed in 1C
        await PublishAsync(Fabrika, 1100m);   // 72816: moved to another contractor in 1C
        var (cancelled, _) = await PublishAsync(SetOteley, 1200m); // 72817: cancelled in the ledger, not yet in 1C
        await PublishAsync(SetOteley, 1300m); // 72818: marked for deletion in 1C by hand
        await PublishAsync(Apelsin, 1400m);   // 72819: no contractor code, never sent
        await PublishAsync(Fabrika, 1500m);   // 72820: agrees
        await RunAsync();
        OneC.Change(Invoices1C, Key("ЛТ00-072815"), d => d["СуммаДокумента"] = 999.99m);
        OneC.Change(Invoices1C, Key("ЛТ00-072816"), d => d["Контрагент_Key"] = Contractors[Vms].ToString());
        await new InvoiceBook(Database, Clock).CancelAsync(cancelled);
        OneC.Change(Invoices1C, Key("ЛТ00-072818"), d => d["DeletionMark"] = true);
        OneC.Add(Invoices1C, new JsonObject { ["Number"] = "ЛТ00-072999", ["Date"] = "2026-11-24T10:00:00", ["СуммаДокумента"] = 10, ["DeletionMark"] = false });

        var differences = await CompareAsync();

        Assert.Equal([
            "ЛТ00-072815 72815 | total differs | 1000.00 | 999.99",
            $"ЛТ00-072816 72816 | contractor differs | 00-007583 ({Contractors[Fabrika]}) | {Contractors[Vms]}",
            "ЛТ00-072817 72817 | status differs | cancelled | not marked for deletion",
            "ЛТ00-072818 72818 | status differs | unpaid | marked for deletion",
            "ЛТ00-072819 72819 | missing in 1C | 1400.00 unpaid | ",
            "ЛТ00-072999 72999 | missing in the ledger |  | 10.00",
        ], differences.Select(d => $"{d.Number} {d.BillingNumber} | {d.Difference} | {d.Ledger} | {d.OneC}").ToArray());
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_refused_before_1c_is_asked()
    {
        var e = await Assert.ThrowsAsync<BackOffice.Ledger.InvalidInput>(() =>
            Services.GetRequiredService<Reconciliation>().CompareAsync(To, From));

        Assert.Equal("--to 01/11/2026 is before --from 30/11/2026.", e.Message);
        Assert.Equal(0, OneC.Requests);
    }
}
