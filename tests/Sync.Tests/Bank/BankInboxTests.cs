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

    [Fact]
    public async Task A_bad_file_sorted_first_does_not_stop_the_files_after_it()
    {
        var number = await InvoiceAsync(7583, 1000m, new DateOnly(2019, 1, 10));
        var inbox = Directory.CreateDirectory(Path.Combine(Temp.Path, "inbox")).FullName;
        // an amount the ledger cannot hold: refused by the database (numeric overflow), not by the parser
        File.Move(Statement("0-huge.txt", new Order("1", 1_000_000_000_000_000m, "Оплата")), Path.Combine(inbox, "0-huge.txt"));
        File.WriteAllText(Path.Combine(inbox, "1-no-map.csv"), "Номер;Сумма\n1;10,00\n"); // no CSV map configured
        File.Move(Statement("2-good.txt", new Order("2", 1000m, $"Оплата по счету № {number}")), Path.Combine(inbox, "2-good.txt"));
        foreach (var f in Directory.GetFiles(inbox))
            File.SetLastWriteTimeUtc(f, Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));

        var outcomes = await new BankInbox(Import, Clock).ImportFolderAsync(inbox, "inbox");

        Assert.Equal(["0-huge.txt", "1-no-map.csv", "2-good.txt"], outcomes.Select(o => o.FileName));
        Assert.StartsWith("PostgresException: 22003: numeric field overflow", outcomes[0].Error);
        Assert.Equal("a CSV statement needs its column map: set BackOffice:Bank:Csv (separator, encoding, column names)", outcomes[1].Error);
        Assert.Equal(1, outcomes[2].Summary!.Matched);
        Assert.Equal(outcomes[0].Error, (await File.ReadAllTextAsync(Path.Combine(inbox, "rejected", "0-huge.txt.error.txt"))).Trim());
        Assert.True(File.Exists(Path.Combine(inbox, "rejected", "1-no-map.csv.error.txt")));
        Assert.True(File.Exists(Path.Combine(inbox, "processed", "2-good.txt")));
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.Equal(1, await CountAsync("bank_statements"));
        Assert.Equal("paid", await ScalarAsync<string>($"select status from invoices where number = {number}"));
    }
}
