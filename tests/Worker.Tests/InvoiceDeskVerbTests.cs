using System.Globalization;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

public class InvoiceDeskVerbTests(PostgresCluster cluster) : VerbTest(cluster)
{
    static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_draft_is_created_edited_rehearsed_published_listed_with_totals_and_cancelled()
    {
        var draft = await JsonOf("invoices", "create", "--client", "7583", "--line", "Работа администратора=1 660,00", "--due-date", "15.12.2026");
        var id = S(draft.GetProperty("invoice").GetProperty("id").GetInt64());
        Assert.Equal(1660m, draft.GetProperty("invoice").GetProperty("total").GetDecimal());
        Assert.Equal("draft", draft.GetProperty("invoice").GetProperty("status").GetString());

        var edited = await JsonOf("invoices", "edit", id, "--line", "Работа администратора=1660.00", "--line", "Выезд специалиста=500,5");
        Assert.Equal(2, edited.GetProperty("lines").GetArrayLength());
        Assert.Equal(2160.50m, edited.GetProperty("invoice").GetProperty("total").GetDecimal());
        Assert.Equal("2026-12-15", edited.GetProperty("invoice").GetProperty("dueDate").GetString());

        // The demo ledger continues the company's numbering (1C is in the 72 000s): the next number is read, not assumed.
        var next = (await JsonOf("invoices", "numbering")).GetProperty("nextNumber").GetInt64();
        Assert.True(next > 72000, $"next number {next}");
        var before = await SnapshotAsync(LedgerTables);
        var rehearsal = await Ok("invoices", "publish", id, "--dry-run");
        Assert.Contains($"would be published as № {next}", rehearsal.Out);
        Assert.Contains("2 160,50 руб.", rehearsal.Out);
        Assert.Contains("dry run", rehearsal.Out);
        Assert.Equal(before, await SnapshotAsync(LedgerTables));

        var published = await JsonOf("invoices", "publish", id);
        Assert.Equal(next, published.GetProperty("invoice").GetProperty("number").GetInt64());
        Assert.False(published.GetProperty("dryRun").GetBoolean());
        Assert.Equal(1, await CountAsync("outbox", "kind = 'invoice.published'"));

        var list = await JsonOf("invoices", "list", "--client", "7583", "--status", "unpaid", "--due-from", "2026-12-01", "--due-to", "31.12.2026");
        Assert.Equal(1, list.GetProperty("totals").GetProperty("count").GetInt32());
        Assert.Equal(2160.50m, list.GetProperty("totals").GetProperty("balanceDue").GetDecimal());
        Assert.Equal("2026-12-15", list.GetProperty("invoices")[0].GetProperty("dueDate").GetString());
        var text = await Ok("invoices", "list", "--manager", "Камышина Екатерина");
        Assert.Contains("15.12.2026", text.Out);
        Assert.Contains("к оплате 2 160,50 руб.", text.Out);
        Assert.Equal(0, (await JsonOf("invoices", "list", "--overdue")).GetProperty("totals").GetProperty("count").GetInt32());
        Assert.Equal(0, (await JsonOf("invoices", "list", "--issued-to", "2026-01-01")).GetProperty("totals").GetProperty("count").GetInt32());

        var rehearsedCancel = await Ok("invoices", "cancel", S(next), "--dry-run");
        Assert.Contains("would be cancelled", rehearsedCancel.Out);
        Assert.Equal("unpaid", await StatusAsync(next));
        var cancelled = await JsonOf("invoices", "cancel", S(next));
        Assert.Equal("cancelled", cancelled.GetProperty("invoice").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_overdue_invoice_goes_to_collections_and_back_and_is_listed_as_overdue()
    {
        var number = await PublishedInvoiceAsync(issue: "01.11.2026", due: "2026-11-10");
        var overdue = await JsonOf("invoices", "list", "--overdue", "--org", "LIVE");
        Assert.Equal(number, overdue.GetProperty("invoices")[0].GetProperty("number").GetInt64());

        var before = await SnapshotAsync(LedgerTables);
        Assert.Contains("would be in collections", (await Ok("invoices", "collections", S(number), "--dry-run")).Out);
        Assert.Equal(before, await SnapshotAsync(LedgerTables));
        var sent = await JsonOf("invoices", "collections", S(number));
        Assert.Equal("collections", sent.GetProperty("invoice").GetProperty("status").GetString());
        await Refused(1, "already in collections", "invoices", "collections", S(number));
        var back = await Ok("invoices", "collections", S(number), "--back");
        Assert.Contains("unpaid", back.Out);
        Assert.Equal("unpaid", await StatusAsync(number));
    }

    [Fact]
    public async Task Due_dates_move_with_a_prorata_invoice()
    {
        var r = await JsonOf("invoices", "move-due", "4314", "--service", "25355", "--to", DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(1).AddDays(10)
            .ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        Assert.Equal(25355, r.GetProperty("serviceIds")[0].GetInt32());
        await using var conn = await Db.OpenConnectionAsync();
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(1).AddDays(10),
            await conn.ExecuteScalarAsync<DateOnly>("select next_due_date from services where id = 25355"));
    }

    [Fact]
    public async Task Publishing_a_draft_with_no_lines_and_editing_a_published_invoice_are_refused()
    {
        var empty = await JsonOf("invoices", "create", "--client", "7583");
        var id = S(empty.GetProperty("invoice").GetProperty("id").GetInt64());
        await Refused(2, "has no lines", "invoices", "publish", id);
        await Refused(2, "has no lines", "invoices", "publish", id, "--dry-run");

        var number = await PublishedInvoiceAsync();
        var invoiceId = S(await IdOfAsync(number));
        var r = await Refused(1, "only drafts are edited", "invoices", "edit", invoiceId, "--line", "Другое=1");
        Assert.Contains("cancel it and issue a new one", r.Err);
    }

    [Theory]
    [InlineData(1, "There is no invoice № 999999", "invoices", "show", "999999")]
    [InlineData(1, "There is no invoice with id 999999", "invoices", "show", "999999", "--id")]
    [InlineData(1, "There is no invoice with id 999999", "invoices", "publish", "999999")]
    [InlineData(1, "There is no invoice with id 999999", "invoices", "edit", "999999", "--notes", "x")]
    [InlineData(1, "There is no invoice № 999999", "invoices", "cancel", "999999")]
    [InlineData(1, "There is no invoice № 999999", "invoices", "collections", "999999")]
    [InlineData(1, "There is no client #424242", "invoices", "list", "--client", "424242")]
    [InlineData(1, "There is no client #424242", "invoices", "create", "--client", "424242", "--line", "x=1")]
    [InlineData(1, "There is no client #424242", "invoices", "move-due", "424242", "--service", "25355", "--to", "2030-01-01")]
    [InlineData(1, "There is no service #999999", "invoices", "move-due", "4314", "--service", "999999", "--to", "2030-01-01")]
    [InlineData(1, "There is no staff member 'nobody'", "invoices", "list", "--manager", "nobody")]
    [InlineData(1, "There is no organisation 'XX'", "invoices", "list", "--org", "XX")]
    [InlineData(2, "--due-from: '31.02.2026' is not a date", "invoices", "list", "--due-from", "31.02.2026")]
    [InlineData(2, "'frozen'", "invoices", "list", "--status", "frozen")]
    [InlineData(2, "--line: 'abc' is not an amount", "invoices", "create", "--client", "7583", "--line", "x=abc")]
    public async Task Bad_input_is_refused_in_one_line_and_changes_nothing(int exitCode, string message, params string[] args) =>
        await Refused(exitCode, message, args);

    async Task<string?> StatusAsync(long number)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("select status from invoices where number = @number", new { number });
    }

    async Task<long> IdOfAsync(long number)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>("select id from invoices where number = @number", new { number });
    }
}
