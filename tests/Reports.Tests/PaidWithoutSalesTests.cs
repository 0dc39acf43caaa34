using BackOffice.Reports.Engine;
using BackOffice.Reports.Writing;
using BackOffice.Tests.Support;
using ClosedXML.Excel;
using Dapper;

namespace BackOffice.Reports.Tests;

/// <summary>
/// "RealizaciyaUnion": paid invoices without their sales document in 1C. The invoices are paid through the billing
/// engine; the 1C side is written into the mirror's tables as its relay writes them (RelayQueue.CompleteAsync / FailAsync).
/// </summary>
public sealed class PaidWithoutSalesTests(PostgresCluster cluster) : ReportTest(cluster)
{
    static readonly DateOnly November = new(2026, 11, 1);

    async Task MirrorAsync()
    {
        await LedgerOfDebtsAsync();
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            -- E and H are in 1C (the relay finished their items); E also has its Реализация.
            insert into onec_invoices (invoice_id, number, year, ref_key, contractor_key, total, deleted, content_hash, sales_ref_key, synced_at)
            select id, 'ЛТ00-0' || number, 2026, gen_random_uuid(), gen_random_uuid(), total, false, 'h',
                   case when id = @E then gen_random_uuid() end, now()
            from invoices where id in (@E, @H);
            update outbox set processed_at = now() where destination = 'onec' and aggregate_id in (@E, @H);
            -- J's items were given up on: 1C refused the contractor.
            update outbox set gave_up_at = now(), attempts = 5, last_error = 'Контрагент 00-009999 не найден в 1С'
            where destination = 'onec' and aggregate_id = @J;
            """, new { E = Invoices['E'].Id, H = Invoices['H'].Id, J = Invoices['J'].Id });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Paid_invoices_without_a_sales_document_are_listed_with_the_mirror_s_state_and_error(bool streamed)
    {
        await MirrorAsync();
        var path = PathFor("realizacii.xlsx");
        var written = await Writing(streamed).WriteAsync("paid-no-sales", new ReportRequest(AsOf, Month: November), Today, path);
        Assert.Equal(2, written.Rows);

        using var book = Open(path);
        // E has its sales document, D was paid after the as-of date: neither is listed, so Камышина has no sheet.
        Assert.Equal(["Сводка", "Бестужева Юлия", "Без менеджера"], book.Worksheets.Select(w => w.Name));
        var h = book.Worksheet("Бестужева Юлия").Row(3);
        Assert.Equal(9021, h.Cell(2).GetValue<int>());
        Assert.Equal("00-009021", h.Cell(5).GetString());
        Assert.Equal(XLDataType.Number, h.Cell(7).DataType);
        Assert.Equal(Invoices['H'].Number, h.Cell(7).GetValue<long>());
        Assert.Equal($"ЛТ00-0{Invoices['H'].Number}", h.Cell(8).GetString());
        Assert.Equal(XLDataType.DateTime, h.Cell(9).DataType);
        Assert.Equal(new DateTime(2026, 11, 5), h.Cell(9).GetDateTime());
        Assert.Equal(XLDataType.Number, h.Cell(10).DataType);
        Assert.Equal(SheetStyle.Rub, h.Cell(10).Style.NumberFormat.Format);
        Assert.Equal(900m, h.Cell(10).GetValue<decimal>());
        Assert.Equal("счёт в 1С, реализации нет", h.Cell(11).GetString());
        Assert.True(h.Cell(12).IsEmpty());

        var j = book.Worksheet("Без менеджера").Row(3);
        Assert.Equal(Invoices['J'].Number, j.Cell(7).GetValue<long>());
        Assert.True(j.Cell(8).IsEmpty());
        Assert.Equal(300m, j.Cell(10).GetValue<decimal>());
        Assert.Equal("отправка прекращена", j.Cell(11).GetString());
        Assert.Equal("Контрагент 00-009999 не найден в 1С", j.Cell(12).GetString());
        var summary = book.Worksheet("Сводка");
        Assert.Equal(1200m, summary.RowsUsed().Last().Cell(4).GetValue<decimal>());
    }

    [Fact]
    public async Task A_later_date_takes_in_later_payments_and_one_manager_sees_only_his_clients()
    {
        await MirrorAsync();
        var today = await Engine.BuildAsync("paid-no-sales", new ReportRequest(Today, Month: November), Today);
        var numbers = today.Sheets.SelectMany(s => s.Rows).Where(r => r.Kind == RowKind.Detail).Select(r => (long)r.Cells[6]!).Order().ToList();
        Assert.Equal(new[] { Invoices['D'].Number, Invoices['H'].Number, Invoices['J'].Number }.Order(), numbers);
        var d = today.Sheets.SelectMany(s => s.Rows).Single(r => r.Kind == RowKind.Detail && (long)r.Cells[6]! == Invoices['D'].Number);
        Assert.Equal("ждёт отправки", d.Cells[10]);

        var own = await Engine.BuildAsync("paid-no-sales", new ReportRequest(Today, Manager: "1", Month: November), Today);
        Assert.Equal([Invoices['D'].Number], own.Sheets.SelectMany(s => s.Rows).Where(r => r.Kind == RowKind.Detail).Select(r => (long)r.Cells[6]!));
        var october = await Engine.BuildAsync("paid-no-sales", new ReportRequest(Today, Month: new DateOnly(2026, 10, 1)), Today);
        Assert.Equal(0, october.DetailRows);
    }

    [Fact]
    public async Task An_unknown_manager_and_a_future_date_are_refused_and_nothing_is_written()
    {
        await MirrorAsync();
        var before = await SnapshotAsync(Ledger);
        var path = PathFor("r.xlsx");
        var e = await Assert.ThrowsAsync<BackOffice.Ledger.InvalidInput>(() =>
            Engine.WriteAsync("paid-no-sales", new ReportRequest(AsOf, "nobody", November), Today, path));
        Assert.Contains("no manager 'nobody'", e.Message);
        e = await Assert.ThrowsAsync<BackOffice.Ledger.InvalidInput>(() =>
            Engine.WriteAsync("paid-no-sales", new ReportRequest(Today.AddDays(1), Month: November), Today, path));
        Assert.Equal("--as-of", e.Field);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Folder));
        Assert.Equal(before, await SnapshotAsync(Ledger));
    }
}
