using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;

namespace BackOffice.Sync.Tests.Bank;

public sealed class BankInboxTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    [Fact]
    public async Task Good_files_go_to_processed_and_bad_ones_to_rejected_with_the_error_beside_them()
    {
        var number = await InvoiceAsync(7583, 1000m, new DateOnly(2019, 1, 10));
        var inbox = Directory.CreateDirectory(Path.Combine(Temp.Path, "inbox")).FullName;
        File.Move(Statement("a.txt", new Order("1", 1000m, $"Оплата по счету № {number}")), Path.Combine(inbox, "a.txt"));
        var bad = StatementLines(new Order("2", 5m, "Оплата"));
        bad.RemoveAt(bad.Count - 1);
        File.Move(Temp.Write("b.txt", bad, BankSamples.Cp1251), Path.Combine(inbox, "b.txt"));
        var late = Temp.Write("c.txt", StatementLines(new Order("3", 7m, "Оплата")), BankSamples.Cp1251);
        File.Move(late, Path.Combine(inbox, "c.txt"));
        File.SetLastWriteTimeUtc(Path.Combine(inbox, "a.txt"), Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
        File.SetLastWriteTimeUtc(Path.Combine(inbox, "b.txt"), Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
        File.SetLastWriteTimeUtc(Path.Combine(inbox, "c.txt"), Clock.GetUtcNow().UtcDateTime.AddSeconds(-1)); // still being written

        var outcomes = await new BankInbox(Import, Clock).ImportFolderAsync(inbox, "inbox");

        Assert.Equal(["a.txt", "b.txt"], outcomes.Select(o => o.FileName));
        Assert.Equal(1, outcomes[0].Summary!.Matched);
        Assert.True(File.Exists(Path.Combine(inbox, "processed", "a.txt")));
        Assert.True(File.Exists(Path.Combine(inbox, "rejected", "b.txt")));
        Assert.Equal($"line {bad.Count}, key КонецФайла: the file ends at line {bad.Count} without КонецФайла: truncated file",
            (await File.ReadAllTextAsync(Path.Combine(inbox, "rejected", "b.txt.error.txt"))).Trim());
        Assert.Equal([Path.Combine(inbox, "c.txt")], Directory.GetFiles(inbox));
        Assert.Equal(1, await CountAsync("bank_documents"));
    }
}
