using System.Globalization;
using BackOffice.Ledger.Billing;
using Dapper;
using Microsoft.Playwright;

namespace BackOffice.Web.Tests;

/// <summary>/Invoices, a published invoice, its printable form and PDF, and a draft edited line by line and published.</summary>
public sealed class InvoicePagesTests(WebSite site)
{
    static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);

    async Task<string> DraftSnapshotAsync(long id)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("""
            select md5((select i::text from invoices i where i.id = @id) || '/' ||
                       coalesce((select string_agg(l::text, '|' order by l.line_no) from invoice_lines l where l.invoice_id = @id), '-'))
            """, new { id }) ?? "";
    }

    [Fact(Timeout = 240_000)]
    public async Task A_draft_is_edited_line_by_line_refusing_bad_input_and_published_with_the_next_number()
    {
        var manager = await site.StaffAsync("manager");
        var client = await ClientWorld.ClientAsync(site, manager.Id);
        var draft = await ClientWorld.DraftAsync(site, client.Id, "Абонентская плата", 1660m);
        var id = draft.Invoice.Id;
        var page = await site.SignedInAsync(manager);
        await page.GotoAsync(site.Url($"/Invoices/Drafts/{id}"));

        // Bad inputs: an amount that is not one, a line without a description, a due date before the issue date.
        var before = await DraftSnapshotAsync(id);
        await page.FillAsync("#new-description", "Выезд специалиста");
        await page.FillAsync("#new-amount", "двести");
        await page.ClickAsync("#add-line-button");
        Assert.Contains("не сумма", await page.InnerTextAsync("#add-error"));
        Assert.Equal("двести", await page.InputValueAsync("#new-amount"));
        await page.FillAsync("#new-description", " ");
        await page.FillAsync("#new-amount", "100");
        await page.ClickAsync("#add-line-button");
        Assert.Matches(@"^В строке \d+ нет описания\.$", await page.InnerTextAsync("#add-error"));
        await page.FillAsync("#due-date", draft.Invoice.IssueDate.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.ClickAsync("#save-details");
        Assert.Equal($"Срок оплаты {draft.Invoice.IssueDate.AddDays(-1):dd.MM.yyyy} не может быть раньше даты счёта {draft.Invoice.IssueDate:dd.MM.yyyy}.",
            await page.InnerTextAsync("#details-error"));
        Assert.Equal(before, await DraftSnapshotAsync(id));

        // Add two lines, change the first, remove the second; the due date and the note.
        await page.FillAsync("#new-description", "Выезд специалиста");
        await page.FillAsync("#new-amount", "1 200,00");
        await page.ClickAsync("#add-line-button");
        await page.FillAsync("#new-description", "Лишняя строка");
        await page.FillAsync("#new-amount", "10");
        await page.ClickAsync("#add-line-button");
        Assert.Equal(3, await page.Locator("#draft-lines tbody tr[id^=line-]").CountAsync());
        var first = page.Locator("#draft-lines tbody tr[id^=line-]").Nth(0);
        await first.Locator("input[name=Amount]").FillAsync("1700,50");
        await first.Locator(".save-line").ClickAsync();
        await page.Locator("#draft-lines tbody tr[id^=line-]").Nth(2).Locator(".remove-line").ClickAsync();
        var due = draft.Invoice.IssueDate.AddDays(10);
        await page.FillAsync("#due-date", due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.FillAsync("#notes", "По договору № 15");
        await page.ClickAsync("#save-details");
        Assert.Equal("2 900,50", await page.InnerTextAsync("#draft-total"));
        await site.ShotAsync(page, "invoice-draft");

        var edited = await new InvoiceBook(site.Db, TimeProvider.System).GetAsync(id);
        Assert.Equal([("Абонентская плата", 1700.50m), ("Выезд специалиста", 1200m)], edited.Lines.Select(l => (l.Description, l.Amount)));
        Assert.Equal((due, "По договору № 15", "draft"), (edited.Invoice.DueDate, edited.Invoice.Notes, edited.Invoice.Status));

        // Published: the next number of the 72 000s (others may publish meanwhile: it is above every number before).
        var highest = await site.ScalarAsync("select max(number) from invoices");
        await page.ClickAsync("#publish");
        try
        {
            await page.WaitForURLAsync(u => System.Text.RegularExpressions.Regex.IsMatch(u, @"/Invoices/\d+$"));
        }
        catch (TimeoutException e)
        {
            // Seen once in a full CI run and not since: say what the page and the server said.
            throw new TimeoutException($"publishing did not lead to the invoice: {page.Url}\n{await page.InnerTextAsync("body")}\n{site.Log()}", e);
        }
        var number = long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        Assert.True(number > highest && number is > 72815 and < 73000, $"№ {number} after {highest}");
        Assert.Equal(Invariant(number), Invariant(await site.ScalarAsync("select number from invoices where id = @id and status = 'unpaid'", new { id })));
        Assert.Equal(1, await site.ScalarAsync("select count(*) from outbox where aggregate_id = @id and kind = 'invoice.published'", new { id }));
        Assert.Contains($"№ {number}", await page.InnerTextAsync("#invoice-title"));

        // The draft's page now leads to the published invoice; a published invoice is not edited.
        await page.GotoAsync(site.Url($"/Invoices/Drafts/{id}"));
        Assert.EndsWith($"/Invoices/{number}", page.Url);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_draft_without_lines_is_not_published_and_the_refusal_is_in_Russian()
    {
        var manager = await site.StaffAsync("manager");
        var client = await ClientWorld.ClientAsync(site, manager.Id);
        var id = (await ClientWorld.DraftAsync(site, client.Id, "Абонентская плата", 1660m)).Invoice.Id;
        var page = await site.SignedInAsync(manager);
        await page.GotoAsync(site.Url($"/Invoices/Drafts/{id}"));
        await page.Locator("#draft-lines tbody tr[id^=line-]").Nth(0).Locator(".remove-line").ClickAsync();
        Assert.Equal(0, await page.Locator("#draft-lines tbody tr[id^=line-]").CountAsync());

        var before = await DraftSnapshotAsync(id);
        var outbox = await site.ScalarAsync("select count(*) from outbox where aggregate_id = @id", new { id });
        await page.ClickAsync("#publish");
        Assert.Equal($"В черновике #{id} нет строк; добавьте хотя бы одну, прежде чем выставлять счёт.", await page.InnerTextAsync("#publish-error"));
        Assert.Equal(before, await DraftSnapshotAsync(id));
        Assert.Equal(outbox, await site.ScalarAsync("select count(*) from outbox where aggregate_id = @id", new { id }));
        Assert.Equal(1, await site.ScalarAsync("select count(*) from invoices where id = @id and status = 'draft' and number is null", new { id }));
    }

    [Fact(Timeout = 240_000)]
    public async Task A_published_invoice_shows_its_lines_payments_refunds_credit_and_1c_state_and_prints()
    {
        var admin = await site.StaffAsync("admin");
        var client = await ClientWorld.ClientAsync(site, admin.Id);
        await new CreditBook(site.Db, TimeProvider.System).AddAsync(client.Id, 100m, "аванс", "test", dryRun: false);
        var number = await ClientWorld.PublishedAsync(site, client.Id, 1660m);
        var invoiceId = await site.ScalarAsync("select id from invoices where number = @number", new { number });
        var payments = new PaymentBook(site.Db, TimeProvider.System);
        var today = BusinessDay.Today(TimeProvider.System);
        var payment = await payments.RecordAsync(invoiceId, new PaymentInput(today, 500m, "Безналичный платеж", "п/п 77"));
        await payments.RefundAsync(payment.PaymentId, 200m, today);
        var page = await site.SignedInAsync(admin);

        await page.GotoAsync(site.Url($"/Invoices/{number}"));
        Assert.Contains("Абонентская плата", await page.InnerTextAsync("#invoice-lines"));
        Assert.Equal("100,00", await page.InnerTextAsync("#invoice-credit"));
        Assert.Equal("1 260,00", await page.InnerTextAsync("#invoice-due")); // 1660 − 100 credit − (500 − 200)
        Assert.Contains("п/п 77", await page.InnerTextAsync("#payments"));
        Assert.Equal(2, await page.Locator("#payments tbody tr").CountAsync());
        Assert.Contains("возврат", await page.InnerTextAsync("#payments tr.refund"));
        Assert.Contains("Зачёт кредита", await page.InnerTextAsync("#credit"));
        Assert.Equal("ждёт отправки", await page.InnerTextAsync("#onec-state"));
        await site.ShotAsync(page, "invoice");

        await page.ClickAsync("#print-invoice");
        Assert.StartsWith($"Счет на оплату № {number} от", await page.InnerTextAsync("#print-title"));
        Assert.Equal("1 560,00", await page.InnerTextAsync("#print-to-pay"));
        Assert.Contains(client.CompanyName!, await page.InnerTextAsync("#buyer"));
        await site.ShotAsync(page, "invoice-print");

        var pdf = await page.APIRequest.GetAsync(site.Url($"/Invoices/{number}/Pdf"));
        Assert.Equal(200, pdf.Status);
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..5]));
        Assert.Contains("inline", pdf.Headers["content-disposition"]);
    }

    [Fact(Timeout = 240_000)]
    public async Task The_list_filters_like_the_verb_with_its_totals_and_a_bad_filter_is_said_so()
    {
        var admin = await site.StaffAsync("admin");
        var client = await ClientWorld.ClientAsync(site, admin.Id);
        var numbers = new List<long>();
        foreach (var amount in new[] { 100m, 200m, 300m }) numbers.Add(await ClientWorld.PublishedAsync(site, client.Id, amount));
        var draft = await ClientWorld.DraftAsync(site, client.Id, amount: 50m);
        await new PaymentBook(site.Db, TimeProvider.System).RecordAsync(await site.ScalarAsync("select id from invoices where number = @n", new { n = numbers[0] }),
            new PaymentInput(BusinessDay.Today(TimeProvider.System), 100m, "Наличные"));
        var page = await site.SignedInAsync(admin);

        await page.GotoAsync(site.Url($"/Invoices?client={client.Id}"));
        Assert.Equal("4", await page.InnerTextAsync("#invoices-count"));
        Assert.Equal(["650,00", "100,00", "500,00"], [await page.InnerTextAsync(".totals-total"), await page.InnerTextAsync(".totals-paid"), await page.InnerTextAsync(".totals-due")]);
        Assert.Contains($"черновик #{draft.Invoice.Id}", await page.InnerTextAsync("#invoices"));
        await site.ShotAsync(page, "invoices");

        await page.SelectOptionAsync("#filter-status", "unpaid");
        await page.ClickAsync("#invoice-filters button[type=submit]");
        Assert.Equal("2", await page.InnerTextAsync("#invoices-count"));
        Assert.Equal("500,00", await page.InnerTextAsync(".totals-due"));
        Assert.Contains("status=unpaid", page.Url);

        // The organisation filter: all of them were issued by the cloud company (LIVE).
        await page.GotoAsync(site.Url($"/Invoices?org=LIVE&client={client.Id}"));
        Assert.Equal("4", await page.InnerTextAsync("#invoices-count"));
        await page.GotoAsync(site.Url($"/Invoices?org=FORMULA&client={client.Id}"));
        Assert.Equal("0", await page.InnerTextAsync("#invoices-count"));

        await page.GotoAsync(site.Url("/Invoices?issued-from=вчера"));
        Assert.EndsWith(": выставлен с", await page.InnerTextAsync("#filter-error"));
        await page.GotoAsync(site.Url("/Invoices?org=НЕТ"));
        Assert.Equal("Организации «НЕТ» нет.", await page.InnerTextAsync("#filter-error"));
    }
}
