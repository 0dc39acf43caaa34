using BackOffice.Ledger;
using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>What the treasury pages ask beside the verbs: one statement, the queue's length, an upload recorded under its own name.</summary>
public sealed class TreasuryDeskQueryTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    static readonly DateOnly Jan = new(2019, 1, 10);

    BankLedger Ledger => new(Db, Clock);

    ReviewDesk Desk => new(Db, Clock);

    [Fact]
    public async Task An_upload_is_recorded_under_its_name_and_the_statement_and_queue_length_are_read_back()
    {
        var number = await InvoiceAsync(7583, 1000m, Jan);
        var copy = Statement("upload-1a2b3c.tmp", new Order("118", 1000m, $"Оплата по счету № {number}"), new Order("119", 70m, "Оплата за услуги"),
            new Order("120", 80m, "Оплата за услуги"));
        Assert.Equal(0, await Desk.CountAsync());

        var summary = await Import.ImportFileAsync(copy, "treasury", fileName: "выписка за 11.02.txt");

        var statement = await Ledger.StatementAsync(summary.StatementId);
        Assert.Equal(("выписка за 11.02.txt", 3, 1, 2, 1), (statement.FileName, statement.DocumentsRead, statement.Matched, statement.ToReview,
            statement.TimesSeen));
        Assert.Equal((OurAccount, new DateOnly(2019, 2, 11)), (statement.Accounts, statement.PeriodFrom!.Value));
        Assert.Equal(2, await Desk.CountAsync());
        Assert.Equal(statement.Id, Assert.Single(await Ledger.StatementsAsync()).Id);

        await Desk.IgnoreAsync((await Desk.ListAsync())[0].DocumentId, "возврат", "treasury");
        Assert.Equal(1, await Desk.CountAsync());

        await Import.ImportFileAsync(copy, "petrova", fileName: "та же выписка.txt");
        var again = await Ledger.StatementAsync(summary.StatementId);
        Assert.Equal((2, "petrova"), (again.TimesSeen, again.LastSeenBy));
        Assert.Equal("There is no bank statement #999999.", (await Assert.ThrowsAsync<NotFound>(() => Ledger.StatementAsync(999999))).Message);
    }

    [Fact]
    public async Task The_queue_is_read_a_page_at_a_time_oldest_first_and_the_pages_together_are_the_whole_queue()
    {
        await Import.ImportFileAsync(Statement("queue.txt", new Order("201", 70m, "Оплата за услуги"), new Order("202", 80m, "Оплата за услуги"),
            new Order("203", 90m, "Оплата за услуги")), "treasury");
        var all = await Desk.ListAsync();
        Assert.Equal(3, all.Count);

        var first = await Desk.ListAsync(limit: 2);
        var second = await Desk.ListAsync(limit: 2, offset: 2);

        Assert.Equal(all.Select(i => i.DocumentId), first.Concat(second).Select(i => i.DocumentId));
        Assert.Equal(all.Select(i => i.QueueId).Order(), all.Select(i => i.QueueId));
        Assert.Equal((2, 1), (first.Count, second.Count));
        Assert.Empty(await Desk.ListAsync(limit: 2, offset: 4));
    }

    [Fact]
    public async Task The_recorded_name_decides_the_format_so_an_uploaded_csv_is_read_as_csv()
    {
        var copy = Statement("upload-4d5e6f.tmp", new Order("1", 10m, "Оплата"));
        var before = await SnapshotAsync(Money);

        var rejected = await Assert.ThrowsAsync<StatementRejected>(() => Import.ImportFileAsync(copy, "treasury", fileName: "statement.csv"));

        Assert.StartsWith("a CSV statement needs its column map", rejected.Message);
        Assert.Equal(before, await SnapshotAsync(Money));
    }
}
