using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Staff;
using ClosedXML.Excel;
using Dapper;
using Microsoft.Playwright;

namespace BackOffice.Web.Tests;

/// <summary>
/// The reports page (issue 15): a manager downloads his debtors and the workbook holds only his clients' debts, whatever
/// the address asks for; the form's bad inputs are refused with nothing made.
/// </summary>
public sealed class ReportPagesTests(WebSite site)
{
    /// <summary>A client of <paramref name="managerId"/> owing an invoice overdue since January; the client's id.</summary>
    async Task<int> DebtorAsync(int managerId, string name)
    {
        int id;
        await using (var conn = await site.Db.OpenConnectionAsync())
            id = await conn.ExecuteScalarAsync<int>("""
                insert into clients (first_name, last_name, company_name, email, sales_manager_id)
                values ('Иван', 'Должников', @name, @email, @managerId) returning id
                """, new { name, email = $"debtor-{Guid.NewGuid():N}@example.test", managerId });
        var book = new InvoiceBook(site.Db, TimeProvider.System);
        var draft = await book.CreateDraftAsync(new DraftInvoice(id, "Безналичный платеж", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 15),
            [new InvoiceLine(LineKind.Manual, "Абонентская плата", 1_660m)]));
        await book.PublishAsync(draft.Invoice.Id);
        return id;
    }

    /// <summary>The client ids of every detail row (those with an invoice number) on the manager sheets.</summary>
    static HashSet<int> DebtorClients(byte[] workbook)
    {
        using var book = new XLWorkbook(new MemoryStream(workbook));
        return book.Worksheets.Skip(1)
            .SelectMany(s => s.RowsUsed().Where(r => r.RowNumber() >= 3 && r.Cell(6).DataType == XLDataType.Number))
            .Select(r => (int)r.Cell(2).GetDouble()).ToHashSet();
    }

    [Fact(Timeout = 180_000)]
    public async Task A_manager_downloads_his_debtors_and_only_his_clients_debts_are_in_the_workbook()
    {
        var manager = await site.StaffAsync(StaffRoles.Manager);
        var other = await site.StaffAsync(StaffRoles.Manager);
        var mine = await DebtorAsync(manager.Id, "ООО «Мой должник»");
        var theirs = await DebtorAsync(other.Id, "ООО «Чужой должник»");
        var page = await site.SignedInAsync(manager);

        await page.ClickAsync("nav a[href$='/Reports']");
        Assert.Equal(0, await page.Locator("#reports a[href$='/Reports/no-manager']").CountAsync()); // clients without a manager are not his
        await site.ShotAsync(page, "reports");
        await page.ClickAsync("#reports a[href$='/Reports/debtors']");
        Assert.Equal(0, await page.Locator("select#manager").CountAsync()); // no choice of manager: it is him
        await site.ShotAsync(page, "report-debtors");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download"));

        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{download.SuggestedFilename}");
        await download.SaveAsAsync(path);
        var clients = DebtorClients(await File.ReadAllBytesAsync(path));
        File.Delete(path);
        Assert.Equal([mine], clients); // his only client; the other manager's debtor is not there

        // The form is not trusted: asking for everyone, or for the other manager, still gives only his own.
        foreach (var asked in new[] { "all", WebSite.Invariant(other.Id) })
        {
            var response = await page.Context.APIRequest.GetAsync(site.Url($"/Reports/debtors?handler=Download&manager={asked}"));
            Assert.Equal(200, response.Status);
            Assert.Equal(clients, DebtorClients(await response.BodyAsync()));
        }
        Assert.Equal(404, (await page.Context.APIRequest.GetAsync(site.Url("/Reports/no-manager"))).Status);
    }

    [Fact(Timeout = 180_000)]
    public async Task An_admin_chooses_a_manager_and_gets_that_managers_sheet()
    {
        var manager = await site.StaffAsync(StaffRoles.Manager);
        var debtor = await DebtorAsync(manager.Id, "ООО «Должник для администратора»");
        var page = await site.SignedInAsync(await site.StaffAsync(StaffRoles.Admin));
        await page.GotoAsync(site.Url("/Reports/debtors"));
        await page.SelectOptionAsync("select#manager", WebSite.Invariant(manager.Id));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download"));

        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(path);
        Assert.Equal([debtor], DebtorClients(await File.ReadAllBytesAsync(path)));
        File.Delete(path);
    }

    [Fact(Timeout = 180_000)]
    public async Task Bad_parameters_are_refused_on_the_form_and_nothing_is_made()
    {
        var page = await site.SignedInAsync(await site.StaffAsync(StaffRoles.Accountant));
        var downloads = 0;
        page.Download += (_, _) => downloads++;

        await page.GotoAsync(site.Url("/Reports/debtors?handler=Download&asOf=2099-01-01"));
        Assert.StartsWith("Дата отчёта 01.01.2099 позже сегодняшней (", await page.InnerTextAsync("#error"));
        await page.GotoAsync(site.Url("/Reports/debtors?handler=Download&asOf=32.01.2026"));
        Assert.Equal("«32.01.2026» — не дата: напишите её как 30.11.2026 или 2026-11-30.", await page.InnerTextAsync("#error"));

        await page.GotoAsync(site.Url("/Reports/renewals"));
        await page.FillAsync("#days", "тридцать");
        await page.ClickAsync("#download");
        Assert.StartsWith("«тридцать» — не число дней", await page.InnerTextAsync("#error"));
        await page.FillAsync("#days", "0");
        await page.ClickAsync("#download");
        Assert.Equal("Дней — 0: нужно от 1 до 3660.", await page.InnerTextAsync("#error"));

        await page.GotoAsync(site.Url("/Reports/invoices?handler=Download&month=2026-13"));
        Assert.Equal("«2026-13» — не месяц: напишите его как 2026-11 или 11.2026.", await page.InnerTextAsync("#error"));
        await page.GotoAsync(site.Url("/Reports/debtors?handler=Download&manager=99999"));
        Assert.Equal("Менеджера «99999» нет: выберите из списка.", await page.InnerTextAsync("#error"));
        Assert.Equal(404, (await page.GotoAsync(site.Url("/Reports/debtorz")))!.Status);

        Assert.Equal(0, downloads); // a report writes nothing in the database: what it must not make is the file
    }
}
