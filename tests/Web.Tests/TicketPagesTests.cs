using System.Globalization;
using System.Text;
using BackOffice.Tests.Support;
using BackOffice.Worker.Cli;
using Dapper;
using Microsoft.Playwright;

namespace BackOffice.Web.Tests;

/// <summary>
/// Support at the ticket pages against the real `backoffice run`: mail delivered to a real Dovecot is taken by the intake
/// job, answered from the page and sent by the mail job to a real SMTP listener; every change goes through the desk the
/// `tickets` verbs use, and a bad input shows its error and changes nothing.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class TicketPagesTests(WebSite site, MailServers mail) : IClassFixture<MailServers>
{
    const int Client = WebWorld.ClientOfOne;

    [Fact(Timeout = 300_000)]
    public async Task Support_answers_a_ticket_that_arrived_by_mail_and_the_answer_goes_out_by_SMTP()
    {
        var box = mail.NewMailbox();
        var clientEmail = await ClientEmailAsync(Client);
        var subject = "Не открывается база " + Tag();
        var messageId = $"{Guid.NewGuid():N}@client.example";
        await mail.DeliverAsync(box, [Message(clientEmail, subject, "Здравствуйте! База 1С не открывается с утра.", messageId)]);
        await JobAsync(box, "mail-fetch");
        var number = await NumberAsync(subject);
        Assert.Equal(("open", true), await StateAsync(number)); // the SLA clock runs

        var page = await site.SignedInAsync(await site.StaffAsync("support"));
        await page.GotoAsync(site.Url("/Tickets"));
        var row = page.Locator($"#tickets tr[data-number='{number}']");
        Assert.StartsWith("осталось", await row.Locator("td.sla").InnerTextAsync());
        await site.ShotAsync(page, "tickets");
        await row.Locator("a", new() { HasText = subject }).ClickAsync();
        await page.WaitForURLAsync($"**/Tickets/{number}");
        Assert.Contains("База 1С не открывается с утра.", await page.InnerTextAsync("#thread"));
        Assert.Contains($"#{Client}", await page.InnerTextAsync("#client-card"));

        await page.FillAsync("#reply-form textarea", "Здравствуйте! Базу восстановили, проверьте, пожалуйста.");
        await page.ClickAsync("#reply-form button[type=submit]");
        await page.WaitForSelectorAsync("#done");
        Assert.Equal("Отвечен", await page.InnerTextAsync("#ticket-status"));
        Assert.Equal("—", await page.InnerTextAsync("#ticket-sla"));
        Assert.Equal(("answered", false), await StateAsync(number)); // the answer stopped the clock
        Assert.Equal(1, await site.ScalarAsync("""
            select count(*) from outgoing_mail o join tickets t on t.id = o.ticket_id
            where t.number = @number and o.kind = 'ticket_reply' and lower(o.to_address) = lower(@clientEmail) and o.in_reply_to = @messageId
            """, new { number, clientEmail, messageId }));
        await site.ShotAsync(page, "ticket");

        await JobAsync(box, "mail-send");
        var sent = mail.Received().Single(m => m.InReplyTo == messageId && (m.TextBody ?? "").Contains("Базу восстановили", StringComparison.Ordinal));
        Assert.Contains($"[#{number}]", sent.Subject, StringComparison.Ordinal);
        Assert.Equal(1, await site.ScalarAsync(
            "select count(*) from outgoing_mail o join tickets t on t.id = o.ticket_id where t.number = @number and o.kind = 'ticket_reply' and o.sent_at is not null",
            new { number }));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_script_in_a_body_shows_as_text_and_HTML_mail_is_shown_sanitised()
    {
        var box = mail.NewMailbox();
        var clientEmail = await ClientEmailAsync(Client);
        var plain = "Скрипт " + Tag();
        var html = "HTML " + Tag();
        await mail.DeliverAsync(box, [
            Message(clientEmail, plain, "<script>window.pwned = 1</script> и <b>не жирный</b>"),
            Message(clientEmail, html, "<p onclick=\"window.pwned = 2\">Счёт <b>не пришёл</b></p><script>window.pwned = 3</script><img src=\"x\" onerror=\"window.pwned = 4\">",
                contentType: "text/html"),
        ]);
        await JobAsync(box, "mail-fetch");

        var page = await site.SignedInAsync(await site.StaffAsync("support"));
        await page.GotoAsync(site.Url($"/Tickets/{await NumberAsync(plain)}"));
        Assert.Contains("<script>window.pwned = 1</script> и <b>не жирный</b>", await page.InnerTextAsync("#thread .mail-text"));
        Assert.Equal(0, await page.Locator("#thread script, #thread .mail-text b").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));

        await page.GotoAsync(site.Url($"/Tickets/{await NumberAsync(html)}"));
        Assert.Equal("не пришёл", await page.InnerTextAsync("#thread .mail-html b"));
        Assert.Equal(0, await page.Locator("#thread script, #thread [onclick], #thread [onerror]").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));
    }

    [Fact(Timeout = 300_000)]
    public async Task Note_assign_move_priority_hold_close_and_reopen_change_the_database_as_the_verbs_do()
    {
        var support = await site.StaffAsync("support");
        var colleague = await site.StaffAsync("support");
        var byPage = await TicketAsync("Через страницу " + Tag());
        var byVerbs = await TicketAsync("Через команды " + Tag());

        var page = await site.SignedInAsync(support);
        await page.GotoAsync(site.Url($"/Tickets/{byPage}"));
        await page.FillAsync("#note-form textarea", "Проверить сервер клиента");
        await Submit(page, "#note-form");
        await page.SelectOptionAsync("#assign-form select", Invariant(colleague.Id));
        await Submit(page, "#assign-form");
        await page.SelectOptionAsync("#move-form select", "2");
        await Submit(page, "#move-form");
        await page.SelectOptionAsync("#priority-form select", "high");
        await Submit(page, "#priority-form");
        await Submit(page, "#hold-form");
        Assert.StartsWith("пауза", await page.InnerTextAsync("#ticket-sla"));
        await Submit(page, "#close-form");
        Assert.Equal("Закрыт", await page.InnerTextAsync("#ticket-status"));
        await Submit(page, "#reopen-form");
        Assert.Equal("Открыт", await page.InnerTextAsync("#ticket-status"));

        var by = support.Login;
        await VerbAsync("tickets", "note", Invariant(byVerbs), "--text", "Проверить сервер клиента", "--by", by);
        await VerbAsync("tickets", "assign", Invariant(byVerbs), Invariant(colleague.Id), "--by", by);
        await VerbAsync("tickets", "move", Invariant(byVerbs), "2", "--by", by);
        await VerbAsync("tickets", "priority", Invariant(byVerbs), "high", "--by", by);
        await VerbAsync("tickets", "open", Invariant(byVerbs), "--status", "on_hold", "--by", by);
        await VerbAsync("tickets", "close", Invariant(byVerbs), "--by", by);
        await VerbAsync("tickets", "open", Invariant(byVerbs), "--by", by);

        var (pageTicket, pageEvents, pageMessages) = await RecordAsync(byPage);
        var (verbTicket, verbEvents, verbMessages) = await RecordAsync(byVerbs);
        Assert.Equal(verbTicket, pageTicket);
        Assert.Equal(verbEvents, pageEvents);
        Assert.Equal(verbMessages, pageMessages);
        Assert.Equal($"open|high|{colleague.Id}|2|closed_at:false|due:false|paused:", pageTicket); // closing stopped the clock; reopening by hand starts none
        Assert.Contains($"{by}: assigned to ", pageEvents);
        Assert.Contains($"{by}: status closed → open", pageEvents);
        Assert.Contains($"note|{support.Id}|Проверить сервер клиента", pageMessages);
    }

    [Fact(Timeout = 300_000)]
    public async Task Bad_inputs_show_their_error_and_change_nothing()
    {
        var support = await site.StaffAsync("support");
        var number = await TicketAsync("Ошибки " + Tag());
        var page = await site.SignedInAsync(support);
        await page.GotoAsync(site.Url($"/Tickets/{number}"));
        var before = await SnapshotAsync(number);

        await Submit(page, "#reply-form"); // no text
        Assert.Equal("Ответ пуст: напишите текст.", await page.InnerTextAsync("#reply-form .error"));
        await Submit(page, "#note-form");
        Assert.Equal("Заметка пуста: напишите текст.", await page.InnerTextAsync("#note-form .error"));
        await page.EvalOnSelectorAsync("#priority-form select option", "o => o.value = 'urgent'"); // a forged form
        await page.SelectOptionAsync("#priority-form select", "urgent");
        await Submit(page, "#priority-form");
        Assert.Contains("«urgent» — не приоритет: низкий, средний или высокий.", await page.InnerTextAsync(".actions"));
        await page.EvalOnSelectorAsync("#assign-form select option", "o => o.value = '999999'");
        await page.SelectOptionAsync("#assign-form select", "999999");
        await Submit(page, "#assign-form");
        Assert.Contains("Действующего сотрудника «999999» нет: выберите из списка.", await page.InnerTextAsync(".actions"));
        Assert.Equal(before, await SnapshotAsync(number));

        // A POST without the antiforgery token is refused before it reaches the desk.
        var forged = await page.Context.APIRequest.PostAsync(site.Url($"/Tickets/{number}?handler=Close"), new() { Form = page.Context.APIRequest.CreateFormData() });
        Assert.Equal(400, forged.Status);
        Assert.Equal(before, await SnapshotAsync(number));

        // Closed in another tab meanwhile: the second close says so and changes nothing more.
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(site.Url($"/Tickets/{number}"));
        await Submit(other, "#close-form");
        var closed = await SnapshotAsync(number);
        Assert.NotEqual(before, closed);
        await Submit(page, "#close-form");
        Assert.Contains($"Тикет #{number} уже закрыт.", await page.InnerTextAsync(".actions"));
        Assert.Equal(closed, await SnapshotAsync(number));

        await page.GotoAsync(site.Url("/Tickets?department=x"));
        Assert.Contains("Отдел: «x» — не номер.", await page.InnerTextAsync("main"));
        Assert.Equal(0, await page.Locator("#tickets tbody tr").CountAsync());
        await page.GotoAsync(site.Url("/Tickets?status=lost"));
        Assert.Contains("«lost» — не статус тикета.", await page.InnerTextAsync("main"));
        Assert.Equal(0, await page.Locator("#tickets tbody tr").CountAsync());
    }

    [Fact(Timeout = 300_000)]
    public async Task A_manager_sees_his_own_clients_tickets_and_gets_404_for_anothers()
    {
        var manager = await site.StaffAsync("manager");
        var mine = await TicketAsync("Мой клиент " + Tag());
        var notMine = await TicketAsync("Чужой клиент " + Tag(), WebWorld.ClientOfTwo);
        await site.ScalarAsync("update clients set personal_manager_id = @id where id = @client returning id", new { id = manager.Id, client = Client });

        var page = await site.SignedInAsync(manager);
        await page.GotoAsync(site.Url("/Tickets?status=all"));
        Assert.Equal(1, await page.Locator($"#tickets tr[data-number='{mine}']").CountAsync());
        Assert.Equal(0, await page.Locator($"#tickets tr[data-number='{notMine}']").CountAsync());
        Assert.Equal(200, (await page.GotoAsync(site.Url($"/Tickets/{mine}")))!.Status);
        Assert.Equal(404, (await page.GotoAsync(site.Url($"/Tickets/{notMine}")))!.Status);

        // His own ticket's close form, pointed at the other ticket (a valid token, a forged address): 404, nothing closed.
        var before = await SnapshotAsync(notMine);
        await page.GotoAsync(site.Url($"/Tickets/{mine}"));
        await page.EvalOnSelectorAsync("#close-form", $"f => f.action = f.action.replace('/Tickets/{mine}', '/Tickets/{notMine}')");
        var forged = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#close-form button[type=submit]"), r => r.Request.Method == "POST");
        Assert.Equal(404, forged.Status);
        Assert.Equal(before, await SnapshotAsync(notMine));
    }

    // --- helpers -------------------------------------------------------------------------------------------------------

    static string Tag() => Guid.NewGuid().ToString("N")[..8];

    static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Submits a form and waits for the page it leads to (the same URL after the redirect, so the old document is marked).</summary>
    static async Task Submit(IPage page, string form)
    {
        await page.EvaluateAsync("() => document.body.dataset.submitted = '1'");
        await page.ClickAsync($"{form} button[type=submit]");
        await page.Locator("body:not([data-submitted])").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    async Task<string> ClientEmailAsync(int client)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("select email from clients where id = @client", new { client }) ?? throw new InvalidOperationException("no client");
    }

    async Task<int> NumberAsync(string subject) => (int)await site.ScalarAsync("select number from tickets where subject = @subject", new { subject });

    async Task<(string Status, bool Clock)> StateAsync(int number)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(string, bool)>("select status, sla_due_at is not null from tickets where number = @number", new { number });
    }

    /// <summary>A ticket as the intake leaves one: a client's message, the SLA clock running.</summary>
    async Task<int> TicketAsync(string subject, int client = Client)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("""
            with t as (
                insert into tickets (client_id, department_id, subject, status, opened_by_address, sla_started_at, sla_due_at)
                select id, 1, @subject, 'open', email, now(), now() + interval '2 hours' from clients where id = @client
                returning id, number, opened_by_address)
            , m as (insert into ticket_messages (ticket_id, kind, from_address, body_text) select id, 'client', opened_by_address, 'Помогите' from t)
            select number from t
            """, new { subject, client });
    }

    /// <summary>What a change leaves behind, without ids and times: the ticket's columns, its events and its messages.</summary>
    async Task<(string Ticket, string Events, string Messages)> RecordAsync(int number)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        var ticket = await conn.QuerySingleAsync<string>("""
            select concat_ws('|', status, priority, assignee_id, department_id, 'closed_at:' || (closed_at is not null), 'due:' || (sla_due_at is not null),
                             'paused:' || coalesce(sla_paused_minutes::text, ''))
            from tickets where number = @number
            """, new { number });
        var events = string.Join("\n", await conn.QueryAsync<string>(
            "select actor || ': ' || what from ticket_events e join tickets t on t.id = e.ticket_id where t.number = @number order by e.id", new { number }));
        var messages = string.Join("\n", await conn.QueryAsync<string>(
            "select concat_ws('|', m.kind, m.author_staff_id, m.body_text) from ticket_messages m join tickets t on t.id = m.ticket_id where t.number = @number order by m.id",
            new { number }));
        return (ticket, events, messages);
    }

    async Task<string> SnapshotAsync(int number)
    {
        var (ticket, events, messages) = await RecordAsync(number);
        var mailCount = await site.ScalarAsync("select count(*) from outgoing_mail o join tickets t on t.id = o.ticket_id where t.number = @number", new { number });
        var updated = await site.ScalarAsync("select extract(epoch from updated_at)::bigint from tickets where number = @number", new { number });
        return $"{ticket}\n{events}\n{messages}\nmail:{mailCount}\nupdated:{updated}";
    }

    Dictionary<string, string?> Config(TestMailbox? box) => new()
    {
        ["ConnectionStrings:BackOffice"] = site.ConnectionString,
        ["BackOffice:Mail:Address"] = WebSite.SupportAddress,
        ["BackOffice:Mail:ImapHost"] = box is null ? "" : "127.0.0.1",
        ["BackOffice:Mail:ImapPort"] = box is null ? "993" : Invariant(box.Port),
        ["BackOffice:Mail:ImapSecurity"] = "None",
        ["BackOffice:Mail:ImapUser"] = box?.User ?? "",
        ["BackOffice:Mail:ImapPassword"] = box?.Password ?? "",
        ["BackOffice:Mail:SmtpHost"] = "127.0.0.1",
        ["BackOffice:Mail:SmtpPort"] = Invariant(mail.SmtpPort),
        ["BackOffice:Mail:SmtpSecurity"] = "None",
    };

    /// <summary>A scheduled job run once through the scheduler's own path (`backoffice jobs run JOB`), as an operator would.</summary>
    Task JobAsync(TestMailbox box, string job) => RunAsync(Config(box), "jobs", "run", job);

    Task VerbAsync(params string[] args) => RunAsync(Config(null), args);

    static async Task RunAsync(Dictionary<string, string?> config, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await BackOfficeCli.RunAsync(args, stdout, stderr, config);
        if (code != 0) throw new InvalidOperationException($"backoffice {string.Join(' ', args)}: exit {code}\n{stdout}\n{stderr}");
    }

    static byte[] Message(string from, string subject, string body, string? messageId = null, string contentType = "text/plain")
    {
        var sb = new StringBuilder();
        sb.Append($"From: {from}\r\nTo: {WebSite.SupportAddress}\r\nSubject: {subject}\r\nDate: Mon, 30 Nov 2026 09:00:00 +0300\r\n");
        sb.Append($"Message-ID: <{messageId ?? Guid.NewGuid().ToString("N") + "@client.example"}>\r\n");
        sb.Append($"MIME-Version: 1.0\r\nContent-Type: {contentType}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        sb.Append(body).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
