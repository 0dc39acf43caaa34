using BackOffice.Ledger;
using BackOffice.Reports.Custom;
using BackOffice.Reports.Engine;
using BackOffice.Reports.Writing;
using BackOffice.Tests.Support;
using BackOffice.Tickets.Sla;
using ClosedXML.Excel;

namespace BackOffice.Tickets.Tests.Sla;

/// <summary>
/// "SupportMonthStats": the month of the desk per department and staff member, made from tickets the desk's own code
/// opened, answered, breached, closed and reopened, on the clock's calendar; checked by opening the workbook.
/// </summary>
public sealed class SupportMonthReportTests(PostgresCluster cluster, MailServers mail) : TicketsTest(cluster, mail)
{
    static readonly DateOnly November = new(2026, 11, 1), December = new(2026, 12, 1);
    static readonly DateOnly Today = new(2026, 12, 2);
    const string Support = "Техническая поддержка", Accounts = "Бухгалтерия";

    readonly string _folder = Directory.CreateTempSubdirectory("support-month-").FullName;

    ReportEngine Engine => new(Db, ReportCatalogue.Standard());

    static DateTimeOffset Msk(int month, int day, int hour, int minute) => new(2026, month, day, hour - 3, minute, 0, TimeSpan.Zero);

    async Task<int> ClientMailAsync(string from, string subject, string to = "ok@company.test") =>
        (await TakeAsync(Message(from, subject, "Не работает", to: to))).TicketNumber!.Value;

    SlaWatch Watch => new(Db, Microsoft.Extensions.Options.Options.Create(SlaSettings), Opt, Clock);

    /// <summary>
    /// November: Дубихин answers one ticket in 45 working minutes and one from Friday 17:30 on Monday 09:30 (60 working
    /// minutes, 3 840 on a 24×7 clock); Федоров answers after the watch marked a breach (150 minutes); a ticket to
    /// accounting waits unassigned. One ticket is closed in November and reopened by the client in December.
    /// </summary>
    async Task<(int Quick, int Late, int Friday, int Waiting)> MonthOfTheDeskAsync()
    {
        Clock.SetUtcNow(Msk(11, 23, 9, 0)); // Monday
        var quick = await ClientMailAsync("buh@fabrika.example", "Не открывается база");
        var late = await ClientMailAsync("oleg@romashka.example", "Ошибка при проведении");
        await Desk().AssignAsync(quick, "vdubikhin", "vdubikhin");
        await Desk().AssignAsync(late, "vdubikhin", "sfedorov");
        Clock.SetUtcNow(Msk(11, 23, 9, 45));
        await Desk().ReplyAsync(quick, "vdubikhin", "Исправили");
        Clock.SetUtcNow(Msk(11, 23, 11, 5));
        Assert.Equal([late], (await Watch.RunAsync(default)).Breached);
        Clock.SetUtcNow(Msk(11, 23, 11, 30));
        await Desk().ReplyAsync(late, "sfedorov", "Проверьте ещё раз");
        Clock.SetUtcNow(Msk(11, 24, 12, 0));
        await Desk().CloseAsync(quick, "vdubikhin");

        Clock.SetUtcNow(Msk(11, 27, 17, 30)); // Friday evening
        var friday = await ClientMailAsync("petr@fabrika.example", "Не печатает счёт");
        await Desk().AssignAsync(friday, "vdubikhin", "vdubikhin");
        Clock.SetUtcNow(Msk(11, 30, 9, 30)); // Monday
        Assert.Empty((await Watch.RunAsync(default)).Breached);
        await Desk().ReplyAsync(friday, "vdubikhin", "Доброе утро, смотрим");
        var waiting = await ClientMailAsync("oleg@romashka.example", "Акт сверки", to: "buh@company.test");

        Clock.SetUtcNow(Msk(12, 1, 10, 0)); // Tuesday: the client writes again on the closed ticket
        await TakeAsync(Message("buh@fabrika.example", $"Re: Не открывается база [#{quick}]", "Опять не открывается"));
        return (quick, late, friday, waiting);
    }

    [Fact]
    public async Task The_month_counts_tickets_per_department_and_person_with_the_clock_s_working_minutes()
    {
        await MonthOfTheDeskAsync();
        var path = Path.Combine(_folder, "sla.xlsx");
        await Engine.WriteAsync("support-month", new ReportRequest(Today, Month: November), Today, path);

        using var book = new XLWorkbook(path);
        Assert.Equal(["Сводка", Accounts, Support, SupportMonthReport.AllDepartments], book.Worksheets.Select(w => w.Name));
        var support = Rows(book.Worksheet(Support));
        // Opened, answered, closed, median, 90th percentile, kept, breached, share kept, reopened.
        Assert.Equal([SupportMonthReport.WholeDepartment, "Дубихин Владимир", "Федоров Сергей"], support.Select(r => r.Who));
        Assert.Equal((3, 3, 1, 60, 132, 2, 1, 0.6667m, 0), support[0].Figures);
        Assert.Equal((2, 2, 1, 53, 59, 2, 0, 1m, 0), support[1].Figures);   // 45 and 60 minutes: median 52.5, rounded
        Assert.Equal((1, 1, 0, 150, 150, 0, 1, 0m, 0), support[2].Figures);
        var accounts = Rows(book.Worksheet(Accounts));
        Assert.Equal([SupportMonthReport.WholeDepartment, SupportMonthReport.Unassigned], accounts.Select(r => r.Who));
        Assert.Equal((1, 0, 0, (int?)null, (int?)null, 0, 0, (decimal?)null, 0), accounts[1].Figures);
        var desk = Rows(book.Worksheet(SupportMonthReport.AllDepartments));
        Assert.Equal([SupportMonthReport.WholeDepartment, SupportMonthReport.WholeDepartment, SupportMonthReport.AllDepartments], desk.Select(r => r.Who));
        Assert.Equal((4, 3, 1, 60, 132, 2, 1, 0.6667m, 0), desk[2].Figures);

        var sheet = book.Worksheet(Support);
        Assert.Equal(XLDataType.Number, sheet.Cell(3, 7).DataType);
        Assert.Equal(SheetStyle.Percent, sheet.Cell(3, 11).Style.NumberFormat.Format);
        Assert.Equal(2, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);

        // December holds only the reopening (and the ticket waiting since November is not counted again).
        var december = await Engine.BuildAsync("support-month", new ReportRequest(Today, Month: December), Today);
        var reopened = december.Sheets.Single(s => s.SheetName == Support).Rows.Single(r => (string)r.Cells[2]! == "Дубихин Владимир");
        Assert.Equal((0, 0, 0, 1), ((int)reopened.Cells[3]!, (int)reopened.Cells[4]!, (int)reopened.Cells[5]!, (int)reopened.Cells[11]!));
        Assert.Equal(0, (await Engine.BuildAsync("support-month", new ReportRequest(Today, Month: new DateOnly(2026, 10, 1)), Today)).DetailRows);
    }

    [Fact]
    public async Task A_24x7_desk_counts_the_weekend_because_its_clock_does()
    {
        SlaSettings.AlwaysOpen = true;
        Clock.SetUtcNow(Msk(11, 27, 17, 30));
        var friday = await ClientMailAsync("petr@fabrika.example", "Не печатает счёт");
        await Desk().AssignAsync(friday, "vdubikhin", "vdubikhin");
        Clock.SetUtcNow(Msk(11, 30, 9, 30));
        await Desk().ReplyAsync(friday, "vdubikhin", "Доброе утро");

        var book = await Engine.BuildAsync("support-month", new ReportRequest(Today, "vdubikhin", November), Today);
        var row = Assert.Single(book.Sheets.Single(s => s.SheetName == Support).Rows, r => (string)r.Cells[2]! == "Дубихин Владимир");
        Assert.Equal(3840, row.Cells[6]); // Friday 17:30 to Monday 09:30, every minute
        Assert.DoesNotContain(book.Sheets.SelectMany(s => s.Rows), r => (string)r.Cells[2]! == "Федоров Сергей");
    }

    [Fact]
    public async Task An_unknown_staff_member_and_a_future_date_are_refused_and_nothing_is_written()
    {
        await MonthOfTheDeskAsync();
        var before = await SnapshotAsync("tickets", "ticket_events", "ticket_messages");
        var path = Path.Combine(_folder, "sla.xlsx");
        var e = await Assert.ThrowsAsync<InvalidInput>(() => Engine.WriteAsync("support-month", new ReportRequest(Today, "nobody", November), Today, path));
        Assert.Contains("no manager 'nobody'", e.Message);
        e = await Assert.ThrowsAsync<InvalidInput>(() => Engine.WriteAsync("support-month", new ReportRequest(Today.AddDays(1), Month: November), Today, path));
        Assert.Equal("--as-of", e.Field);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
        Assert.Equal(before, await SnapshotAsync("tickets", "ticket_events", "ticket_messages"));
    }

    static List<(string Who, (int, int, int, int?, int?, int, int, decimal?, int) Figures)> Rows(IXLWorksheet sheet) =>
        sheet.RowsUsed().Where(r => r.RowNumber() >= 3).Select(r => (r.Cell(3).GetString(), (
            r.Cell(4).GetValue<int>(), r.Cell(5).GetValue<int>(), r.Cell(6).GetValue<int>(),
            r.Cell(7).IsEmpty() ? (int?)null : r.Cell(7).GetValue<int>(), r.Cell(8).IsEmpty() ? (int?)null : r.Cell(8).GetValue<int>(),
            r.Cell(9).GetValue<int>(), r.Cell(10).GetValue<int>(),
            r.Cell(11).IsEmpty() ? (decimal?)null : Math.Round(r.Cell(11).GetValue<decimal>(), 4), r.Cell(12).GetValue<int>()))).ToList();

    public override async ValueTask DisposeAsync()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        await base.DisposeAsync();
    }
}
