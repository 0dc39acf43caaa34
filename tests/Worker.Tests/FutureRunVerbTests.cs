using System.Globalization;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

public class FutureRunVerbTests(PostgresCluster cluster) : VerbTest(cluster)
{
    static string InDays(int days) => DateTime.UtcNow.AddHours(3).AddDays(days).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    static readonly string[] WithMail = [.. LedgerTables, "outgoing_mail"];

    [Fact]
    public async Task Renewals_for_a_future_date_need_dry_run_or_force_and_the_dry_run_changes_nothing()
    {
        await Refused(2, "is in the future", "invoices", "renew", "--date", InDays(5), "--days", "40");

        var before = await SnapshotAsync(LedgerTables);
        var rehearsal = await JsonOf("invoices", "renew", "--date", InDays(5), "--days", "40", "--dry-run");
        var wouldIssue = rehearsal.GetProperty("invoiceNumbers").GetArrayLength();
        Assert.True(wouldIssue > 0);
        Assert.Equal(before, await SnapshotAsync(LedgerTables));

        var real = await JsonOf("invoices", "renew", "--date", InDays(5), "--days", "40", "--force");
        Assert.Equal(wouldIssue, real.GetProperty("invoiceNumbers").GetArrayLength());
        Assert.Equal(wouldIssue, await CountAsync("invoices", "kind = 'renewal'"));
    }

    [Fact]
    public async Task An_overdue_run_for_a_future_date_needs_dry_run_or_force_and_the_dry_run_changes_nothing()
    {
        await PublishedInvoiceAsync(issue: "01.11.2026", due: "10.11.2026");
        await Refused(2, "add --dry-run to see what the run would do, or --force", "overdue", "--date", InDays(3));

        var before = await SnapshotAsync(WithMail);
        var rehearsal = await JsonOf("overdue", "--date", InDays(3), "--dry-run");
        Assert.True(rehearsal.GetProperty("notices").GetInt32() >= 1);
        Assert.True(rehearsal.GetProperty("dryRun").GetBoolean());
        Assert.Contains("dry run", (await Ok("overdue", "--date", InDays(3), "--dry-run")).Out);
        Assert.Equal(before, await SnapshotAsync(WithMail));

        var real = await JsonOf("overdue", "--date", InDays(3), "--force");
        Assert.Equal(rehearsal.GetProperty("notices").GetInt32(), real.GetProperty("notices").GetInt32());
        Assert.True(await CountAsync("outgoing_mail") >= 1);
    }
}
