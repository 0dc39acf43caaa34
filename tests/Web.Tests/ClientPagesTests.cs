using BackOffice.Ledger.Clients;
using Dapper;
using Microsoft.Playwright;

namespace BackOffice.Web.Tests;

/// <summary>/Clients, the card and the edit page, clicked through in Chromium against the running service.</summary>
public sealed class ClientPagesTests(WebSite site)
{
    static async Task SaveAsync(IPage page, string field, string value)
    {
        await page.FillAsync($"#Form_{field}", value);
        await page.ClickAsync("#save-client");
    }

    [Fact(Timeout = 180_000)]
    public async Task A_bad_inn_is_explained_on_the_field_and_nothing_is_saved_then_a_good_one_is_saved_with_who_changed_it()
    {
        var manager = await site.StaffAsync("manager");
        var client = await ClientWorld.ClientAsync(site, manager.Id);
        var before = await ClientWorld.SnapshotAsync(site, client.Id);
        var page = await site.SignedInAsync(manager);

        // Found by its email in the one box, then its card.
        await page.GotoAsync(site.Url("/Clients?q=" + Uri.EscapeDataString(client.Email)));
        await page.ClickAsync($"#clients a[href$='/Clients/{client.Id}'] >> nth=0");
        await page.ClickAsync("#edit-client");

        await SaveAsync(page, "Inn", "7708305900");
        Assert.Equal("ИНН «7708305900» не проходит проверку 10-й цифры: должна быть 1, а стоит 0.", await page.InnerTextAsync("#inn-error"));
        Assert.Contains("Ничего не сохранено", await page.InnerTextAsync("#form-errors"));
        Assert.Equal("7708305900", await page.InputValueAsync("#Form_Inn")); // what was typed stays to be corrected
        Assert.Equal(before, await ClientWorld.SnapshotAsync(site, client.Id));

        await SaveAsync(page, "Inn", ClientWorld.InnB);
        await page.WaitForSelectorAsync("#saved");
        Assert.EndsWith($"/Clients/{client.Id}?saved=1", page.Url);
        Assert.Contains(ClientWorld.InnB, await page.InnerTextAsync("#client-inn"));
        await using var conn = await site.Db.OpenConnectionAsync();
        Assert.Equal(ClientWorld.InnB, await conn.ExecuteScalarAsync<string>("select inn from clients where id = @Id", client));
        var note = await conn.QuerySingleAsync<(string Author, string Body, bool Important)>(
            "select author, body, important from client_notes where client_id = @Id order by id desc limit 1", client);
        Assert.Equal(manager.Login, note.Author);
        Assert.True(note.Important);
        Assert.Contains($"ИНН: {ClientWorld.InnA} → {ClientWorld.InnB}", note.Body);
        Assert.Contains($"ИНН: {ClientWorld.InnA} → {ClientWorld.InnB}", await page.InnerTextAsync("#notes .important"));
    }

    [Fact(Timeout = 180_000)]
    public async Task Every_bad_field_is_refused_on_its_field_and_changes_nothing()
    {
        var admin = await site.StaffAsync("admin");
        var client = await ClientWorld.ClientAsync(site, admin.Id);
        var other = await ClientWorld.ClientAsync(site, admin.Id);
        var before = await ClientWorld.SnapshotAsync(site, client.Id);
        var page = await site.SignedInAsync(admin);
        await page.GotoAsync(site.Url($"/Clients/{client.Id}/Edit"));

        foreach (var (field, value, expected) in new[]
                 {
                     ("Inn", "12345", "ИНН «12345» должен состоять из 10 цифр (организация) или 12 цифр (физлицо, ИП); в нём знаков: 5."),
                     ("Inn", "504701234506", "ИНН «504701234506» не проходит проверку 12-й цифры: должна быть 5, а стоит 6."),
                     ("Kpp", "77080100Z", "КПП «77080100Z»: 4 цифры (налоговая), 2 цифры или заглавные латинские буквы (причина), 3 цифры (номер)."),
                     ("Email", "не-адрес", "«не-адрес» — не адрес электронной почты."),
                     ("Email", other.Email, $"Email {other.Email} уже указан у клиента #{other.Id}; у каждого клиента свой email."),
                     ("FirstName", "", "У клиента должно быть имя."),
                     ("Country", "RUS", "Страна — двухбуквенный код (RU, KZ…), а не «RUS»."),
                 })
        {
            await page.GotoAsync(site.Url($"/Clients/{client.Id}/Edit"));
            await page.FillAsync("#Form_Phone", "4959999999"); // a good change beside the bad one is not saved either
            await SaveAsync(page, field, value);
            var error = page.Locator($"[data-valmsg-for='Form.{field}']");
            Assert.Equal(expected, await error.InnerTextAsync());
            Assert.Equal(before, await ClientWorld.SnapshotAsync(site, client.Id));
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task The_list_finds_by_each_term_and_the_card_shows_requisites_notes_services_invoices_tickets_and_1c()
    {
        var admin = await site.StaffAsync("admin");
        var client = await ClientWorld.ClientAsync(site, admin.Id);
        var number = await ClientWorld.PublishedAsync(site, client.Id);
        var book = new ClientBook(site.Db, TimeProvider.System);
        await book.AddNoteAsync(client.Id, "обычная заметка", important: false, "test");
        await book.AddNoteAsync(client.Id, "<script>document.title='взлом'</script> важная", important: true, "test");
        await using (var conn = await site.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                insert into tickets (number, client_id, department_id, subject, status)
                values ((select coalesce(max(number), 0) + 1 from tickets), @Id, 1, 'Вопрос с карточки', 'open')
                """, client);
        var page = await site.SignedInAsync(admin);

        await page.GotoAsync(site.Url("/Clients"));
        Assert.True(await page.Locator("#clients tbody tr").CountAsync() > 1);
        await site.ShotAsync(page, "clients");
        foreach (var term in new[] { client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), client.ContractorCode!, client.Email, client.LastName })
        {
            await page.GotoAsync(site.Url("/Clients?q=" + Uri.EscapeDataString(term)));
            Assert.Equal(1, await page.Locator("#clients tbody tr").CountAsync());
            Assert.Contains(client.Email, await page.InnerTextAsync("#clients tbody"));
        }
        // The ИНН is shared by the demo client of the same company: both are listed.
        await page.GotoAsync(site.Url("/Clients?q=" + ClientWorld.InnA));
        Assert.Contains(client.Email, await page.InnerTextAsync("#clients tbody"));

        await page.ClickAsync($"#clients a[href$='/Clients/{client.Id}'] >> nth=0");
        Assert.Contains(client.ContractorCode!, await page.InnerTextAsync("#requisites"));
        Assert.Contains("7708305901 / 770801001", await page.InnerTextAsync("#client-inn"));
        var notes = await page.Locator("#notes .note").AllInnerTextsAsync();
        Assert.Equal(2, notes.Count);
        Assert.Contains("<script>", notes[0]); // the important one first, shown as text
        Assert.Contains("обычная заметка", notes[1]);
        Assert.NotEqual("взлом", await page.TitleAsync());
        Assert.Contains($"№ {number}", await page.InnerTextAsync("#invoices"));
        Assert.Contains("Вопрос с карточки", await page.InnerTextAsync("#tickets"));
        Assert.Equal("ждёт отправки", await page.InnerTextAsync("#onec-state"));
        await site.ShotAsync(page, "client-card");

        await page.ClickAsync("#tickets a >> nth=0");
        Assert.Matches(@"/Tickets/\d+$", page.Url);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_note_is_added_from_the_card_signed_by_who_added_it_and_an_empty_one_is_refused()
    {
        var manager = await site.StaffAsync("manager");
        var client = await ClientWorld.ClientAsync(site, manager.Id);
        var page = await site.SignedInAsync(manager);
        await page.GotoAsync(site.Url($"/Clients/{client.Id}"));

        var before = await ClientWorld.SnapshotAsync(site, client.Id);
        await page.ClickAsync("#notes button[type=submit]");
        Assert.Equal("Заметка пуста: напишите текст.", await page.InnerTextAsync("#notes .field-error"));
        Assert.Equal(before, await ClientWorld.SnapshotAsync(site, client.Id));

        await page.FillAsync("#note-text", "старый КПП 772101001");
        await page.CheckAsync("#notes input[name=NoteImportant]");
        await page.ClickAsync("#notes button[type=submit]");
        Assert.Contains("старый КПП 772101001", await page.InnerTextAsync("#notes .important"));
        await using var conn = await site.Db.OpenConnectionAsync();
        Assert.Equal((manager.Login, true), await conn.QuerySingleAsync<(string, bool)>(
            "select author, important from client_notes where client_id = @Id", client));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_manager_cannot_open_another_managers_client_or_its_invoices_by_url()
    {
        var mine = await site.StaffAsync("manager");
        var theirs = await site.StaffAsync("manager");
        var client = await ClientWorld.ClientAsync(site, theirs.Id);
        var number = await ClientWorld.PublishedAsync(site, client.Id);
        var draft = await ClientWorld.DraftAsync(site, client.Id);
        var page = await site.SignedInAsync(mine);

        foreach (var path in new[]
                 {
                     $"/Clients/{client.Id}", $"/Clients/{client.Id}/Edit", $"/Invoices/{number}", $"/Invoices/{number}/Print",
                     $"/Invoices/{number}/Pdf", $"/Invoices/Drafts/{draft.Invoice.Id}",
                 })
        {
            var response = await page.GotoAsync(site.Url(path));
            Assert.True(response!.Status == 404, $"{path}: {response.Status}");
        }
        await page.GotoAsync(site.Url("/Clients?q=" + Uri.EscapeDataString(client.Email)));
        Assert.Equal(0, await page.Locator("#clients tbody tr").CountAsync());
        await page.GotoAsync(site.Url($"/Invoices?client={client.Id}"));
        Assert.Equal("0", await page.InnerTextAsync("#invoices-count"));

        // The owner opens them all.
        var owner = await site.SignedInAsync(theirs);
        Assert.Equal(200, (await owner.GotoAsync(site.Url($"/Clients/{client.Id}")))!.Status);
        Assert.Equal(200, (await owner.GotoAsync(site.Url($"/Invoices/{number}")))!.Status);
    }
}
