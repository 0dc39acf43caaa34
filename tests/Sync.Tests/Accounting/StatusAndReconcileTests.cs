using System.Text.Json.Nodes;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Sync.Tests.Accounting;

public class StatusAndReconcileTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    [Fact]
    public async Task Status_show_and_reconcile_tell_what_is_in_1c_and_what_differs()
    {
        await PublishAsync(Fabrika, 1500m);
        await PublishAsync(Apelsin, 700m);
        await RunAsync();

        var show = await Services.GetRequiredService<SyncStatus>().ShowAsync(72815);
        Assert.Equal(("ЛТ00-072815", "in 1C", 0), (show.OnecNumber, show.State, show.Attempts));
        Assert.Equal(OData.Key(Document1C("ЛТ00-072815"), "Ref_Key"), show.RefKey);
        var waiting = await Services.GetRequiredService<SyncStatus>().ShowAsync(72816);
        Assert.Equal(("waiting", "Client #12118 «ООО \"ОТЕЛЬ АПЕЛЬСИН\"» has no Union contractor code."), (waiting.State, waiting.LastError));
        var status = await Services.GetRequiredService<SyncStatus>().GetAsync();
        Assert.Equal((true, 1L, 72816L), (status.Enabled, status.Waiting, status.OldestInvoice));

        OneC.Add(Invoices1C, new JsonObject { ["Number"] = "ЛТ00-072999", ["Date"] = "2026-11-24T10:00:00", ["СуммаДокумента"] = 10 });
        OneC.Change(Invoices1C, show.RefKey!.Value, d => d["СуммаДокумента"] = 1400);
        var differences = await Services.GetRequiredService<Reconciliation>().CompareAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

        Assert.Equal(["ЛТ00-072815 total differs 1500.00 1400.00", "ЛТ00-072816 missing in 1C 700.00 unpaid ", "ЛТ00-072999 missing in the ledger  10.00"],
            differences.Select(d => $"{d.Number} {d.Difference} {d.Ledger} {d.OneC}").ToArray());
    }
}
