using BackOffice.Reports.Debtors;
using BackOffice.Reports.Engine;
using BackOffice.Reports.Writing;
using BackOffice.Tests.Support;
using ClosedXML.Excel;

namespace BackOffice.Reports.Tests.Debtors;

public sealed class DebtorWorkbookTests(PostgresCluster cluster) : ReportTest(cluster)
{
    // Columns of the debtors sheet (1-based, as Excel counts).
    const int Manager = 1, ClientId = 2, Client = 3, Inn = 4, Kpp = 5, Number = 6, Issued = 7, Due = 8, Days = 9, Amount = 10, Paid = 11,
        Balance = 12, Bucket = 13, FirstBucket = 14;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_workbook_has_a_summary_and_a_sheet_per_manager_with_real_numbers_dates_and_the_RUB_format(bool streamed)
    {
        await LedgerOfDebtsAsync();
        var path = PathFor("должники.xlsx");
        var written = await Writing(streamed).WriteAsync("debtors", new ReportRequest(AsOf), Today, path);
        Assert.Equal(path, written.File);
        Assert.Equal(7, written.Rows);

        using var book = Open(path);
        Assert.Equal(["Сводка", "Бестужева Юлия", "Камышина Екатерина", "Без менеджера"], book.Worksheets.Select(w => w.Name));
        var sheet = book.Worksheet("Камышина Екатерина");
        Assert.Equal("Должники на 20.11.2026 — Камышина Екатерина", sheet.Cell(1, 1).GetString());
        Assert.Equal(["Менеджер", "ID клиента", "Клиент", "ИНН", "КПП", "Счёт №", "Дата счёта", "Срок оплаты", "Дней просрочки", "Сумма",
            "Оплачено", "Остаток", "Срок долга", "Не просрочено", "1–30", "31–60", "61–90", "90+"],
            sheet.Row(2).CellsUsed().Select(c => c.GetString()));

        var a = RowOf(sheet, Invoices['A'].Number);
        Assert.Equal(XLDataType.Number, a.Cell(ClientId).DataType);
        Assert.Equal(7583, a.Cell(ClientId).GetDouble());
        Assert.Equal("ООО «Фабрика Бизнеса»", a.Cell(Client).GetString());
        Assert.Equal(XLDataType.Text, a.Cell(Inn).DataType);
        Assert.Equal("7708305901", a.Cell(Inn).GetString());
        Assert.Equal("770801001", a.Cell(Kpp).GetString());
        Assert.Equal(XLDataType.Number, a.Cell(Number).DataType);
        Assert.Equal(XLDataType.DateTime, a.Cell(Issued).DataType);
        Assert.Equal(new DateTime(2026, 8, 1), a.Cell(Issued).GetDateTime());
        Assert.Equal(new DateTime(2026, 8, 10), a.Cell(Due).GetDateTime());
        Assert.Equal(SheetStyle.Date, a.Cell(Due).Style.NumberFormat.Format);
        Assert.Equal(102, a.Cell(Days).GetDouble());
        foreach (var c in new[] { Amount, Paid, Balance, FirstBucket + 4 })
        {
            Assert.Equal(XLDataType.Number, a.Cell(c).DataType);
            Assert.Equal(SheetStyle.Rub, a.Cell(c).Style.NumberFormat.Format);
        }
        // 3000 paid and 500 refunded before the date; the 1000 paid on 22.11 is after it.
        Assert.Equal(10_000d, a.Cell(Amount).GetDouble());
        Assert.Equal(2_500d, a.Cell(Paid).GetDouble());
        Assert.Equal(7_500d, a.Cell(Balance).GetDouble());
        Assert.Equal("90+", a.Cell(Bucket).GetString());

        // Сеть Отелей paid D in full the day after the date: on the date it still owed all of it.
        var d = RowOf(sheet, Invoices['D'].Number);
        Assert.Equal((0d, 1_200d, "31–60"), (d.Cell(Paid).GetDouble(), d.Cell(Balance).GetDouble(), d.Cell(Bucket).GetString()));
        // Not yet due rows of a debtor are listed in their own bucket; a client owing only what is not yet due is not a debtor.
        Assert.Equal("не просрочено", RowOf(sheet, Invoices['C'].Number).Cell(Bucket).GetString());
        Assert.DoesNotContain(DataRows(sheet), r => r.Cell(ClientId).GetString() == "12118");
        Assert.DoesNotContain(DataRows(book.Worksheet("Бестужева Юлия")), r => r.Cell(ClientId).GetString() == "9021");

        Assert.Equal(2, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.Equal("A2", sheet.AutoFilter.Range.FirstCell().Address.ToString());
        Assert.True(sheet.Column(Client).Width >= "ООО «Фабрика Бизнеса»".Length, "the client column fits the names");
        Assert.Equal(XLPageOrientation.Landscape, sheet.PageSetup.PageOrientation);
        Assert.Equal(streamed, Streamed(path));
    }

    /// <summary>The streaming writer writes inline strings; ClosedXML a shared-string table.</summary>
    static bool Streamed(string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        var sheet = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal));
        using var text = new StreamReader(sheet.Open());
        return text.ReadToEnd().Contains("t=\"inlineStr\"", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Totals_per_client_manager_and_overall_add_up_and_the_buckets_sum_to_the_balance(bool streamed)
    {
        await LedgerOfDebtsAsync();
        var path = PathFor("debtors.xlsx");
        await Writing(streamed).WriteAsync("debtors", new ReportRequest(AsOf), Today, path);
        using var book = Open(path);

        foreach (var sheet in book.Worksheets.Skip(1))
        {
            var rows = DataRows(sheet).ToList();
            foreach (var row in rows)
                Assert.Equal(row.Cell(Balance).GetDouble(), Enumerable.Range(FirstBucket, 5).Sum(c => row.Cell(c).GetDouble()), 2);
            var details = rows.Where(r => r.Cell(Bucket).GetString() != "").ToList();
            var clientTotals = rows.Where(r => r.Cell(Number).GetString() == "Итого по клиенту").ToList();
            Assert.Equal(details.Select(r => r.Cell(ClientId).GetDouble()).Distinct().Count(), clientTotals.Count);
            foreach (var total in clientTotals)
            {
                Assert.True(total.Cell(Number).Style.Font.Bold);
                var own = details.Where(r => r.Cell(ClientId).GetDouble() == total.Cell(ClientId).GetDouble()).ToList();
                foreach (var c in new[] { Amount, Paid, Balance }.Concat(Enumerable.Range(FirstBucket, 5)))
                    Assert.Equal(own.Sum(r => r.Cell(c).GetDouble()), total.Cell(c).GetDouble(), 2);
            }
            var managerTotal = rows[^1];
            Assert.Equal("Итого по менеджеру", managerTotal.Cell(Client).GetString());
            Assert.Equal(sheet.Name, managerTotal.Cell(Manager).GetString());
            Assert.Equal(details.Sum(r => r.Cell(Balance).GetDouble()), managerTotal.Cell(Balance).GetDouble(), 2);
        }

        var kamyshina = DataRows(book.Worksheet("Камышина Екатерина")).Last();
        Assert.Equal([3_000d, 5_000d, 1_200d, 0d, 7_500d], Enumerable.Range(FirstBucket, 5).Select(c => kamyshina.Cell(c).GetDouble()));
        Assert.Equal(16_700d, kamyshina.Cell(Balance).GetDouble());

        var summary = book.Worksheet("Сводка");
        Assert.Equal(["Менеджер", "Клиентов", "Строк", "Сумма", "Оплачено", "Остаток", "Не просрочено", "1–30", "31–60", "61–90", "90+"],
            summary.Row(2).CellsUsed().Select(c => c.GetString()));
        var overall = DataRows(summary).Last();
        Assert.Equal("Итого", overall.Cell(1).GetString());
        Assert.Equal(16_700d + 2_700d + 1_000d, overall.Cell(6).GetDouble());
        Assert.Equal(overall.Cell(6).GetDouble(), Enumerable.Range(7, 5).Sum(c => overall.Cell(c).GetDouble()), 2);
        Assert.Equal(4, overall.Cell(2).GetDouble());
        Assert.Equal(DataRows(summary).SkipLast(1).Sum(r => r.Cell(6).GetDouble()), overall.Cell(6).GetDouble(), 2);
        Assert.Equal(SheetStyle.Rub, overall.Cell(6).Style.NumberFormat.Format);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Overdue_rows_are_shaded_by_age(bool streamed)
    {
        await LedgerOfDebtsAsync();
        var path = PathFor("debtors.xlsx");
        await Writing(streamed).WriteAsync("debtors", new ReportRequest(AsOf, "1"), Today, path);
        using var book = Open(path);
        var sheet = book.Worksheet("Камышина Екатерина");
        string Fill(char letter, int column) => RowOf(sheet, Invoices[letter].Number).Cell(column).Style.Fill.BackgroundColor.Color.ToArgb()
            .ToString("X8")[2..];
        Assert.Equal("FF9999", Fill('A', Client));
        Assert.Equal("FF9999", Fill('A', Balance));
        Assert.Equal("FFF2CC", Fill('B', Client));
        Assert.Equal("FCE4D6", Fill('D', Client));
        Assert.NotEqual("FFF2CC", Fill('C', Client));
        Assert.Equal([0, 1, 1, 2, 2, 3, 3, 4], new[] { 0, 1, 30, 31, 60, 61, 90, 91 }.Select(AgeBuckets.Of));
    }

    [Fact]
    public async Task A_manager_s_workbook_written_into_a_stream_holds_only_his_clients_and_a_refused_request_writes_nothing()
    {
        await LedgerOfDebtsAsync();
        using var output = new MemoryStream();

        var written = await Engine.WriteAsync("debtors", new ReportRequest(AsOf, Kamyshina.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Today, ReportFormat.Xlsx, output);

        Assert.Equal(("debtors-2026-11-20.xlsx", "xlsx", 2), (written.File, written.Format, written.Sheets));
        output.Position = 0;
        using var book = new XLWorkbook(output);
        Assert.Equal(["Сводка", "Камышина Екатерина"], book.Worksheets.Select(w => w.Name));
        Assert.Equal([7583L, 12460L], DataRows(book.Worksheet("Камышина Екатерина")).Where(r => r.Cell(Number).DataType == XLDataType.Number).Select(r => (long)r.Cell(ClientId).GetDouble()).Distinct().Order());

        using var refused = new MemoryStream();
        await Assert.ThrowsAsync<BackOffice.Ledger.InvalidInput>(() =>
            Engine.WriteAsync("debtors", new ReportRequest(Today.AddDays(1), "1"), Today, ReportFormat.Xlsx, refused));
        Assert.Equal(0, refused.Length);
    }

    [Fact]
    public async Task A_past_report_is_reproducible_and_payments_after_its_date_are_ignored()
    {
        await LedgerOfDebtsAsync();
        var before = await Engine.BuildAsync("debtors", new ReportRequest(AsOf), Today);
        // More money arrives today; the report for the 20th does not change, the report for today does.
        await new BackOffice.Ledger.Billing.PaymentBook(Db, Clock).RecordAsync(Invoices['F'].Id,
            new BackOffice.Ledger.Billing.PaymentInput(Today, 2_000m, "Безналичный платеж", "105"));
        var again = await Engine.BuildAsync("debtors", new ReportRequest(AsOf), Today);
        Assert.Equal(Flatten(before), Flatten(again));

        var today = await Engine.BuildAsync("debtors", new ReportRequest(Today), Today);
        var rows = today.Sheets.SelectMany(s => s.Rows).Where(r => r.Kind == RowKind.Detail).ToList();
        Assert.DoesNotContain(rows, r => (long)r.Cells[5]! == Invoices['D'].Number);
        Assert.DoesNotContain(rows, r => (long)r.Cells[5]! == Invoices['F'].Number);
        var a = rows.Single(r => (long)r.Cells[5]! == Invoices['A'].Number);
        Assert.Equal((3_500m, 6_500m), ((decimal)a.Cells[10]!, (decimal)a.Cells[11]!));

        var early = await Engine.BuildAsync("debtors", new ReportRequest(new DateOnly(2026, 8, 31)), Today);
        var onlyA = early.Sheets.SelectMany(s => s.Rows).Where(r => r.Kind == RowKind.Detail).ToList();
        Assert.Equal([Invoices['A'].Number, Invoices['F'].Number], onlyA.Select(r => (long)r.Cells[5]!).Order());
        Assert.Equal(0m, onlyA.Single(r => (long)r.Cells[5]! == Invoices['A'].Number).Cells[10]);
    }

    [Fact]
    public async Task The_same_report_as_CSV_holds_the_detail_rows_with_invariant_numbers_and_Cyrillic()
    {
        await LedgerOfDebtsAsync();
        var path = PathFor("debtors.csv");
        var written = await Engine.WriteAsync("debtors", new ReportRequest(AsOf), Today, path);
        Assert.Equal("csv", written.Format);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = (await File.ReadAllLinesAsync(path)).ToList();
        Assert.Equal("Менеджер,ID клиента,Клиент,ИНН,КПП,Счёт №,Дата счёта,Срок оплаты,Дней просрочки,Сумма,Оплачено,Остаток,Срок долга," +
                     "Не просрочено,1–30,31–60,61–90,90+", lines[0]);
        Assert.Equal(1 + 7, lines.Count);
        Assert.Contains($"Камышина Екатерина,7583,ООО «Фабрика Бизнеса»,7708305901,770801001,{Invoices['A'].Number},2026-08-01,2026-08-10,102," +
                        "10000.00,2500.00,7500.00,90+,0.00,0.00,0.00,0.00,7500.00", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Итого"));
    }

    static IXLRow RowOf(IXLWorksheet sheet, long invoiceNumber) =>
        DataRows(sheet).Single(r => r.Cell(Number).DataType == XLDataType.Number && (long)r.Cell(Number).GetDouble() == invoiceNumber);

    static string Flatten(ReportBook book) =>
        string.Join("\n", book.Sheets.Prepend(book.Summary).SelectMany(s => s.Rows).Select(r => string.Join("|", r.Cells)));
}
