using System.Globalization;
using BackOffice.Sync.Bank;
using Dapper;
using Microsoft.Playwright;

namespace BackOffice.Web.Tests;

/// <summary>
/// Treasury at its screens (issue 15): a statement uploaded through the page, a review item resolved in one click (and the
/// third-party rule), a malformed file refused whole, the same file twice, a wrong match undone, a payment claim.
/// </summary>
public sealed class TreasuryPagesTests(WebSite site)
{
    readonly TreasuryWorld world = new(site.Db);

    static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    static FilePayload File(string name, byte[] bytes) => new() { Name = name, MimeType = "text/plain", Buffer = bytes };

    async Task<IPage> TreasuryAsync() => await site.SignedInAsync(await site.StaffAsync("treasury"));

    /// <summary>A new client's invoice paid by an uploaded statement whose 6 000 payment names it (its other two are advances); the page stays on the upload.</summary>
    async Task<(IPage Page, int Payer, long Invoice, long Document)> PaidByUploadAsync(string company, decimal invoiceAmount, string number, string fileName)
    {
        var (payer, inn) = await world.ClientAsync(company);
        var invoice = await world.InvoiceAsync(payer, invoiceAmount);
        var page = await TreasuryAsync();
        await page.GotoAsync(site.Url("/Treasury/Upload"));
        await UploadAsync(page, fileName, TreasuryWorld.Statement(number, inn, company, $"Оплата по счету № {invoice}", "Аванс", "Аванс"));
        await page.ClickAsync("#upload-statement");
        var doc = await DocumentAsync(inn, 6000m);
        Assert.Equal("paid", await StatusAsync(invoice));
        return (page, payer, invoice, doc);
    }

    async Task<long> DocumentAsync(string payerInn, decimal amount) =>
        await site.ScalarAsync("select id from bank_documents where payer_inn = @payerInn and amount = @amount", new { payerInn, amount });

    [Fact(Timeout = 300_000)]
    public async Task Treasury_uploads_a_statement_and_resolves_review_items_in_one_click_another_clients_invoice_only_as_a_third_party()
    {
        var (payer, inn) = await world.ClientAsync("ООО «Казна Первая»");
        var (other, _) = await world.ClientAsync("ООО «Чужой Счёт»");
        var paid = await world.InvoiceAsync(payer, 6000m);
        var tieA = await world.InvoiceAsync(payer, 14000m);
        var tieB = await world.InvoiceAsync(payer, 14000m);
        var foreign = await world.InvoiceAsync(other, 20000m);
        var statement = TreasuryWorld.Statement("31", inn, "ООО «Казна Первая»", $"Оплата по счету № {paid} от 02.11.2026", "Оплата за облачные услуги",
            $"Оплата по счету № {foreign} за ООО «Чужой Счёт»");
        var page = await TreasuryAsync();

        await page.GotoAsync(site.Url("/Treasury/Upload"));
        await UploadAsync(page, "выписка 20.11.2026.txt", statement);

        Assert.Equal(["13", "3", "1", "0", "0", "2", "0", "10"], [
            await page.InnerTextAsync("#sum-read"), await page.InnerTextAsync("#sum-incoming"), await page.InnerTextAsync("#sum-matched"),
            await page.InnerTextAsync("#sum-partial"), await page.InnerTextAsync("#sum-credit"), await page.InnerTextAsync("#sum-review"),
            await page.InnerTextAsync("#sum-skipped"), await page.InnerTextAsync("#sum-outgoing")]);
        Assert.Equal(0, await page.Locator("#upload-warnings").CountAsync()); // the sample's balance section agrees with its documents
        await site.ShotAsync(page, "treasury-upload");
        Assert.Equal("paid", await StatusAsync(paid));

        await page.ClickAsync("#upload-statement");
        Assert.Contains("выписка 20.11.2026.txt", await page.InnerTextAsync("h1"));
        Assert.Equal(13, await page.Locator("#documents tbody tr").CountAsync());
        await site.ShotAsync(page, "treasury-statement");

        // The 14 000 names no invoice and the payer has two of that amount: treasury picks one with one click.
        var tie = await DocumentAsync(inn, 14000m);
        await page.GotoAsync(site.Url($"/Treasury/Review?document={tie}"));
        var item = page.Locator($"#doc-{tie}");
        Assert.Contains("та же сумма", await item.InnerTextAsync());
        Assert.Equal($"Почему на разборе: В назначении нет номера счёта, а неоплаченных счетов у клиента #{payer} — 2: какой из них оплачен, точно не сказать.",
            await item.Locator(".review-reason").InnerTextAsync());
        Assert.Equal($"Почему на разборе: Счёт № {foreign} — не плательщика (клиент #{payer}), а другого клиента: оплата третьим лицом?",
            await page.Locator($"#doc-{await DocumentAsync(inn, 20000m)} .review-reason").InnerTextAsync());
        await site.ShotAsync(page, "treasury-review");
        await item.Locator($".resolve-invoices button[name=one][value='{tieB}']").ClickAsync();
        Assert.Contains($"Документ #{tie} разобран: сопоставлен", await page.InnerTextAsync("#review-done"));
        Assert.Equal(("paid", "unpaid"), (await StatusAsync(tieB), await StatusAsync(tieA)));
        Assert.Equal(1, await site.ScalarAsync("select count(*) from bank_review_queue where document_id = @tie and resolved_at is not null and resolved_by like 'web%'", new { tie }));
        Assert.Equal(0, await page.Locator($"#doc-{tie}").CountAsync());

        // The 20 000 names another client's invoice: refused until treasury confirms a third-party payment, and nothing moves.
        var third = await DocumentAsync(inn, 20000m);
        await page.GotoAsync(site.Url($"/Treasury/Review?document={third}"));
        var before = await world.SnapshotAsync(payer, other);
        await page.Locator($"#doc-{third} .resolve-invoices button[name=one][value='{foreign}']").ClickAsync();
        var refusal = await page.InnerTextAsync($"#doc-{third} .review-error");
        Assert.StartsWith($"Не сделано: Счёт № {foreign} — счёт клиента #{other}, а не плательщика (", refusal);
        Assert.EndsWith("отметьте «подтверждаю оплату третьим лицом».", refusal);
        Assert.Equal(before, await world.SnapshotAsync(payer, other));

        await page.CheckAsync($"#doc-{third} input[name=thirdParty]");
        await page.Locator($"#doc-{third} .resolve-invoices button[name=one][value='{foreign}']").ClickAsync();
        Assert.Contains($"Документ #{third} разобран", await page.InnerTextAsync("#review-done"));
        Assert.Equal("paid", await StatusAsync(foreign));
        Assert.Equal(1, await site.ScalarAsync("select count(*) from bank_documents where id = @third and third_party", new { third }));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_malformed_statement_shows_the_parsers_line_and_key_and_stores_nothing_and_the_same_file_twice_adds_nothing()
    {
        var (payer, inn) = await world.ClientAsync("ООО «Казна Вторая»");
        var invoice = await world.InvoiceAsync(payer, 6000m);
        var good = TreasuryWorld.Statement("32", inn, "ООО «Казна Вторая»", $"Оплата по счету № {invoice}", "Аванс", "Аванс");
        var text = TreasuryWorld.Cp1251.GetString(good);
        var badLine = text.Split("\r\n").ToList().FindIndex(l => l == "Сумма=14000.00") + 1;
        var malformed = TreasuryWorld.Cp1251.GetBytes(text.Replace("Сумма=14000.00", "Сумма=14 000,0O"));
        var page = await TreasuryAsync();
        var before = await world.SnapshotAsync(payer);

        await page.GotoAsync(site.Url("/Treasury/Upload"));
        await UploadAsync(page, "испорченная.txt", malformed, expectRefusal: true);

        Assert.Contains($"отклонён целиком, ничего из него не загружено: строка {badLine}, ключ Сумма: «14 000,0O» — не сумма.",
            await page.InnerTextAsync("#upload-error"));
        Assert.Equal((S(badLine), "Сумма"), (await page.InnerTextAsync("#upload-error-line"), await page.InnerTextAsync("#upload-error-key")));
        Assert.Equal(0, await page.Locator("#upload-summary").CountAsync());
        await site.ShotAsync(page, "treasury-upload-rejected");
        Assert.Equal(before, await world.SnapshotAsync(payer));
        Assert.Equal("unpaid", await StatusAsync(invoice));

        // Cut short inside a document: the reason in Russian too (it used to be the parser's English), nothing stored.
        var lines = text.Split("\r\n");
        var opened = Array.FindLastIndex(lines, badLine - 1, l => l.StartsWith("СекцияДокумент", StringComparison.Ordinal)) + 1;
        await UploadAsync(page, "обрезанная.txt", TreasuryWorld.Cp1251.GetBytes(string.Join("\r\n", lines.Take(badLine))), expectRefusal: true);
        Assert.Contains($"отклонён целиком, ничего из него не загружено: строка {opened}, ключ СекцияДокумент: файл обрывается на строке {badLine} " +
                        $"внутри секции СекцияДокумент, открытой на строке {opened} (нет ни КонецДокумента, ни КонецФайла): он обрезан.",
            await page.InnerTextAsync("#upload-error"));
        Assert.Equal(before, await world.SnapshotAsync(payer));

        // Checked without saving: the summary of what the import would do, and nothing stored.
        await UploadAsync(page, "хорошая.txt", good, button: "#check");
        Assert.Contains("ничего не сохранено", await page.InnerTextAsync("#upload-summary"));
        Assert.Equal(["13", "1"], [await page.InnerTextAsync("#sum-read"), await page.InnerTextAsync("#sum-matched")]);
        Assert.Equal(before, await world.SnapshotAsync(payer));

        // The good file, then the very same bytes again: recognised, recorded as seen again on the first statement, nothing added.
        await UploadAsync(page, "хорошая.txt", good);
        var first = await page.InnerTextAsync("#upload-statement");
        await UploadAsync(page, "хорошая (копия).txt", good);
        Assert.Contains(first.Replace("выписка ", ""), await page.InnerTextAsync("#upload-seen-again"));
        Assert.Equal(["13", "0", "13"], [await page.InnerTextAsync("#sum-read"), await page.InnerTextAsync("#sum-matched"), await page.InnerTextAsync("#sum-skipped")]);
        var statementId = long.Parse(first.Replace("выписка #", ""), CultureInfo.InvariantCulture);
        Assert.Equal(2, await site.ScalarAsync("select times_seen from bank_statements where id = @statementId", new { statementId }));
        Assert.Equal(1, await site.ScalarAsync("select count(*) from bank_statements where file_name like 'хорошая%'"));
        Assert.Equal(1, await site.ScalarAsync("select count(*) from payments where client_id = @payer", new { payer }));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_wrong_match_is_undone_from_the_statement_page_and_without_a_reason_nothing_changes()
    {
        var (page, payer, invoice, doc) = await PaidByUploadAsync("ООО «Казна Третья»", 6000m, "33", "для отмены.txt");
        var row = page.Locator($"#doc-{doc}");
        Assert.Contains("сопоставлен", await row.InnerTextAsync());

        // The browser asks for the reason; without it (the field's check taken off) the server refuses and nothing moves.
        var before = await world.SnapshotAsync(payer);
        await row.Locator("input[name=reason]").EvaluateAsync("e => e.removeAttribute('required')");
        await row.Locator("button").ClickAsync();
        Assert.Equal($"Документ #{doc}: Напишите, почему сопоставление отменяется.", await page.InnerTextAsync("#unmatch-error"));
        Assert.Equal(before, await world.SnapshotAsync(payer));

        await page.FillAsync($"#doc-{doc} input[name=reason]", "платил за другого клиента");
        await page.ClickAsync($"#doc-{doc} button");
        Assert.Contains($"Сопоставление документа #{doc} отменено", await page.InnerTextAsync("#unmatch-done"));
        Assert.Equal("unpaid", await StatusAsync(invoice));
        Assert.Contains("на разборе", await page.InnerTextAsync($"#doc-{doc}"));
        Assert.Equal(1, await site.ScalarAsync("select count(*) from bank_unmatches where document_id = @doc and created_by like 'web%' and reason = 'платил за другого клиента'", new { doc }));

        await page.Locator($"#doc-{doc}").GetByText("разобрать").ClickAsync();
        Assert.Contains("Сопоставление отменено", await page.InnerTextAsync($"#doc-{doc}"));
    }

    [Fact(Timeout = 300_000)]
    public async Task Undoing_a_match_whose_credit_was_spent_since_is_refused_in_Russian_and_changes_nothing()
    {
        // 6 000 onto an invoice of 5 000 leaves 1 000 of credit; the next invoice takes 700 of it, so the match cannot be undone whole.
        var (page, payer, _, doc) = await PaidByUploadAsync("ООО «Казна Пятая»", 5000m, "55", "аванс потрачен.txt");
        await world.InvoiceAsync(payer, 700m);
        var payment = await site.ScalarAsync("select payment_id from bank_document_payments where document_id = @doc", new { doc });
        await using (var conn = await site.Db.OpenConnectionAsync())
            Assert.Equal(300m, await conn.ExecuteScalarAsync<decimal>("select credit_balance from clients where id = @payer", new { payer }));

        var before = await world.SnapshotAsync(payer);
        await page.FillAsync($"#doc-{doc} input[name=reason]", "платил за другого клиента");
        await page.ClickAsync($"#doc-{doc} button");
        // The service's English ("Payment #… left 1000.00 of credit to client #…, who holds only 300.00 now …") is for the verb.
        Assert.Equal($"Документ #{doc}: Платёж #{payment} оставил клиенту #{payer} аванс 1 000,00, а у клиента сейчас только 300,00 " +
                     "(остальное ушло на другие счета): сначала снимите аванс с тех счетов.", await page.InnerTextAsync("#unmatch-error"));
        Assert.Equal(before, await world.SnapshotAsync(payer));
        Assert.Equal(0, await site.ScalarAsync("select count(*) from bank_unmatches where document_id = @doc", new { doc }));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_payment_claim_with_a_wrong_inn_is_refused_and_a_good_one_is_found_in_the_statements_and_the_pages_show_it()
    {
        var (payer, inn) = await world.ClientAsync("ООО «Казна Четвёртая»");
        var page = await TreasuryAsync();
        await page.GotoAsync(site.Url("/Treasury/Upload"));
        await UploadAsync(page, "для заявки.txt",
            TreasuryWorld.Statement("34", inn, "ООО «Казна Четвёртая»", "Аванс по договору", "Аванс", "Аванс"));
        var manager = await site.ScalarAsync("select min(id) from staff where email is not null and active");

        await page.GotoAsync(site.Url("/Treasury/Claims"));
        var before = await world.SnapshotAsync(payer);
        var wrong = inn[..9] + (inn[9] == '0' ? "1" : "0");
        await Claim(page, wrong, "345", "20.11.2026", "6 000,00", manager);
        Assert.Equal($"Не сохранено: ИНН «{wrong}» не проходит проверку 10-й цифры: должна быть {inn[9]}, а стоит {wrong[9]}.",
            await page.InnerTextAsync("#claim-error"));
        Assert.Equal(before, await world.SnapshotAsync(payer));

        await Claim(page, inn, "345", "20.11.2026", "6 000,00", manager);
        Assert.Contains("платёж уже пришёл", await page.InnerTextAsync("#claim-added"));
        var doc = await DocumentAsync(inn, 6000m);
        Assert.Equal(1, await site.ScalarAsync("select count(*) from payment_claims where inn = @inn and found_document_id = @doc", new { inn, doc }));
        await site.ShotAsync(page, "treasury-claims");

        await page.GotoAsync(site.Url("/Treasury"));
        Assert.Equal(S(await site.ScalarAsync("select count(*) from bank_review_queue where resolved_at is null")),
            await page.InnerTextAsync("#treasury-waiting .figure"));
        await site.ShotAsync(page, "treasury-overview");
        await page.ClickAsync(".subnav a[href$='/Treasury/Statements']");
        Assert.Contains("для заявки.txt", await page.InnerTextAsync("#statements"));
        await site.ShotAsync(page, "treasury-statements");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_document_queued_behind_a_full_page_is_opened_on_its_page_from_the_statement_and_resolved_there()
    {
        const string name = "ООО «Казна Пятая»";
        var (payer, inn) = await world.ClientAsync(name);
        // Statements whose payments name no invoice of a payer with none open: three queued documents each, more than a page in all.
        var import = new BankImport(site.Db, TimeProvider.System);
        for (var n = 0; n < 18; n++)
            await import.ImportAsync(new MemoryStream(TreasuryWorld.Statement($"5{n:00}", inn, name, "Оплата", "Оплата", "Оплата")), $"пятая {n}.txt", "test");
        await using var conn = await site.Db.OpenConnectionAsync();
        var ours = (await conn.QueryAsync<(long Queue, long Document, long Statement)>("""
            select q.id, d.id, d.statement_id from bank_review_queue q join bank_documents d on d.id = q.document_id
            where d.payer_inn = @inn and q.resolved_at is null order by q.id
            """, new { inn })).ToList();
        Assert.Equal(54, ours.Count);
        var last = ours[^1];
        var ahead = await site.ScalarAsync("select count(*) from bank_review_queue where resolved_at is null and id < @queue", new { queue = last.Queue });
        var onPage = ahead / 50 + 1;
        Assert.True(onPage >= 2, $"only {ahead} documents wait before ours: the queue has one page");

        var page = await TreasuryAsync();
        await page.GotoAsync(site.Url($"/Treasury/Statements/{last.Statement}"));
        await page.Locator($"#doc-{last.Document}").GetByText("разобрать").ClickAsync();
        Assert.EndsWith($"/Treasury/Review?page={onPage}#doc-{last.Document}", page.Url);
        var item = page.Locator($"#doc-{last.Document}");
        Assert.Equal($"Почему на разборе: В назначении нет номера счёта, а у клиента #{payer} нет неоплаченных счетов.",
            await item.Locator(".review-reason").InnerTextAsync());

        await item.Locator(".resolve-ignore input[name=reason]").FillAsync("возврат поставщика");
        await item.Locator(".resolve-ignore button").ClickAsync();
        Assert.Contains($"Документ #{last.Document} разобран", await page.InnerTextAsync("#review-done"));
        Assert.Contains($"page={onPage}", page.Url); // back on the page it was resolved from
        Assert.Equal(1, await site.ScalarAsync("""
            select count(*) from bank_review_queue where document_id = @document and resolved_at is not null and resolution like 'ignored: возврат поставщика%'
            """, new { document = last.Document }));

        // A resolved document's link opens the queue's first page, without an anchor to nothing.
        await page.GotoAsync(site.Url($"/Treasury/Review?document={last.Document}"));
        Assert.EndsWith("/Treasury/Review", page.Url);

        // The other treasury tests find their documents on the first page: leave the queue as it was.
        var desk = new ReviewDesk(site.Db, TimeProvider.System);
        foreach (var (_, document, _) in ours.SkipLast(1))
            await desk.IgnoreAsync(document, "тестовые документы", "test");
    }

    /// <summary>Uploads through the page and waits for its answer; an import expected to pass that is refused fails with the page's words.</summary>
    async Task UploadAsync(IPage page, string name, byte[] bytes, bool expectRefusal = false, string button = "#upload")
    {
        await page.SetInputFilesAsync("#statement", File(name, bytes));
        await page.ClickAsync(button);
        if (await page.Locator("#upload-summary, #upload-error").CountAsync() == 0)
            Assert.Fail($"the upload page did not answer: {await page.InnerTextAsync("main")}\n{site.Log()}");
        if (!expectRefusal && await page.Locator("#upload-error").CountAsync() > 0)
            Assert.Fail("the upload was refused: " + await page.InnerTextAsync("#upload-error"));
    }

    [Fact(Timeout = 300_000)]
    public async Task Support_staff_get_403_on_the_treasury_pages_and_their_forms()
    {
        var page = await site.SignedInAsync(await site.StaffAsync("support"));
        foreach (var path in new[] { "/Treasury", "/Treasury/Upload", "/Treasury/Statements", "/Treasury/Review", "/Treasury/Claims" })
            Assert.Equal(403, (await page.GotoAsync(site.Url(path)))!.Status);
        var before = await world.SnapshotAsync();
        var post = await page.APIRequest.PostAsync(site.Url("/Treasury/Review?handler=Ignore"), new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Append("document", "1").Append("reason", "не наш"),
        });
        Assert.True(post.Status is 400 or 403, $"a support POST to the review queue answered {post.Status}");
        Assert.Equal(before, await world.SnapshotAsync());
    }

    static async Task Claim(IPage page, string inn, string number, string date, string amount, long manager)
    {
        await page.FillAsync("#Inn", inn);
        await page.FillAsync("#Number", number);
        await page.FillAsync("#Date", date);
        await page.FillAsync("#Amount", amount);
        await page.SelectOptionAsync("#Manager", S(manager));
        await page.ClickAsync("#claim-add");
    }

    async Task<string> StatusAsync(long number)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<string>("select status from invoices where number = @number", new { number }))!;
    }
}
