using System.CommandLine;
using BackOffice.Ledger.Clients;
using BackOffice.Ledger.Billing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

static class ClientVerbs
{
    static readonly Argument<int> Id = new("id") { Description = "Client id, as shown to people (#7583 → 7583)" };
    static readonly Option<string> By = new("--by")
    {
        Description = "Who makes the change (kept in the client's notes)",
        DefaultValueFactory = _ => Environment.UserName,
    };

    public static Command Build(BackOfficeCli cli)
    {
        var client = new Command("client", "Clients: add, show, edit, list/search, notes.");
        client.Add(Add(cli));
        client.Add(Show(cli));
        client.Add(Edit(cli));
        client.Add(List(cli));
        client.Add(Note(cli));
        return client;
    }

    static Command Add(BackOfficeCli cli)
    {
        var fields = new ClientFieldOptions(required: true);
        var cmd = new Command("add", "Add a client. The email is the primary contact and must not belong to another client.");
        fields.AddTo(cmd);
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var c = await services.GetRequiredService<ClientBook>().AddAsync(fields.Read(parse), ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, c);
            else cli.Out.WriteLine($"Added client #{c.Id} {c.DisplayName}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Edit(BackOfficeCli cli)
    {
        var fields = new ClientFieldOptions(required: false);
        var cmd = new Command("edit", "Change a client. Old contact data (email, address, phone, КПП, company) is kept in an important note.") { Id, By };
        fields.AddTo(cmd);
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var c = await services.GetRequiredService<ClientBook>().EditAsync(parse.GetValue(Id), fields.Read(parse), parse.GetValue(By)!, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, c);
            else cli.Out.WriteLine($"Saved client #{c.Id} {c.DisplayName}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Show(BackOfficeCli cli)
    {
        var cmd = new Command("show", "Show a client with its summary figures.") { Id };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var file = await services.GetRequiredService<ClientFile>().OpenAsync(parse.GetValue(Id), ct);
            var s = file.Summary;
            if (parse.GetValue(BackOfficeCli.Json))
                CliOutput.WriteJson(cli.Out, new
                {
                    s.Client, s.Paid, s.Unpaid, s.Cancelled, s.Refunded, s.Collections, s.Income, s.CreditBalance, s.Services, s.TicketsOpen, s.TicketsTotal,
                    s.ImportantNotes, file.HeldServices, file.OpenInvoices, file.BalanceDue, file.Notes,
                });
            else ClientSummaryView.Write(CliOutput.Console(cli.Out), file);
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command List(BackOfficeCli cli)
    {
        var search = new Option<string?>("--search", "-s") { Description = "Id, name, company, email, ИНН (any part) or 1C contractor code" };
        var manager = new Option<string?>("--manager") { Description = "Sales or personal manager: staff login, name or id" };
        var code = new Option<string?>("--contractor-code") { Description = "1C contractor code («Код контрагента в Юнион»), exactly" };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 100, Description = "At most this many rows" };
        var cmd = new Command("list", "List clients, or find them by id, name, company, email, ИНН, manager or 1C contractor code.") { search, manager, code, limit };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var found = await services.GetRequiredService<ClientBook>().SearchAsync(parse.GetValue(search), parse.GetValue(limit), ct,
                parse.GetValue(manager), parse.GetValue(code));
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, found);
                return BackOfficeCli.Ok;
            }
            var t = new Table().AddColumns("Id", "Client", "Email", "ИНН", "Manager", "Status", "Credit");
            foreach (var c in found)
                t.AddRow($"#{c.Id}", CliOutput.Text(c.DisplayName), CliOutput.Text(c.Email), CliOutput.Text(c.Inn),
                    CliOutput.Text(c.SalesManager), c.Status, CliOutput.Money(c.CreditBalance));
            var console = CliOutput.Console(cli.Out);
            console.Write(t);
            console.WriteLine($"{found.Count} client(s)");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Note(BackOfficeCli cli)
    {
        var text = new Argument<string>("text") { Description = "The note" };
        var important = new Option<bool>("--important") { Description = "Mark the note as important" };
        var cmd = new Command("note", "Add a note to a client.") { Id, text, important, By };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var n = await services.GetRequiredService<ClientBook>().AddNoteAsync(parse.GetValue(Id), parse.GetValue(text)!,
                parse.GetValue(important), parse.GetValue(By)!, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, n);
            else cli.Out.WriteLine($"Note {n.Id} added to client #{n.ClientId}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }
}

static class ClientSummaryView
{
    public static void Write(IAnsiConsole console, ClientOverview file)
    {
        var s = file.Summary;
        var c = s.Client;
        var info = new Grid().AddColumn().AddColumn();
        void Row(string label, string? value) => info.AddRow(Markup.Escape(label), CliOutput.Text(value));
        Row("Клиент", $"#{c.Id} {c.DisplayName}");
        Row("Email", c.Email);
        Row("Телефон", c.Phone);
        Row("Адрес", string.Join(", ", new[] { c.Postcode, c.City, c.Address1, c.Address2 }.Where(x => !string.IsNullOrEmpty(x))));
        Row("ИНН / КПП", $"{c.Inn ?? "—"} / {c.Kpp ?? "—"}");
        Row("Код контрагента в Юнион", c.ContractorCode);
        Row("Менеджер продаж", c.SalesManager);
        Row("Персональный менеджер", c.PersonalManager);
        Row("Статус", c.Status);
        console.Write(new Panel(info).Header("Информация о клиенте"));

        var money = new Table().AddColumns("", "Счета", "Сумма");
        void M(string label, CountAndSum v) => money.AddRow(label, v.Count.ToString(), CliOutput.Money(v.Sum));
        M("Оплачено", s.Paid);
        M("Не оплачено/К оплате", s.Unpaid);
        M("Отменено", s.Cancelled);
        M("Возвращено", s.Refunded);
        M("Инкассо", s.Collections);
        money.AddRow("Доход", "", CliOutput.Money(s.Income));
        money.AddRow("Кредитный баланс", "", CliOutput.Money(s.CreditBalance));
        console.Write(money);

        var services = s.Services.Count == 0 ? "нет" : string.Join(", ", s.Services.Select(x => $"{x.Status}: {x.Count}"));
        console.WriteLine($"Продукты/услуги: {services} ({s.Services.Sum(x => x.Count)} total)");
        console.WriteLine($"Тикеты: {s.TicketsOpen} открыто ({s.TicketsTotal} total)");
        if (file.HeldServices.Count > 0) console.Write(ServiceVerbs.Table(file.HeldServices));
        if (file.OpenInvoices.Count > 0)
        {
            var open = new Table().AddColumns("Счёт", "Статус", "Дата счёта", "Оплатить до", "Итого", "Оплачено", "К оплате");
            foreach (var i in file.OpenInvoices)
                open.AddRow($"№ {i.Number}", i.Status, CliOutput.Date(i.IssueDate), CliOutput.Date(i.DueDate), CliOutput.Money(i.Total),
                    CliOutput.Money(i.AmountPaid), CliOutput.Money(i.BalanceDue));
            console.Write(open);
        }
        console.WriteLine($"К оплате по открытым счетам: {CliOutput.Money(file.BalanceDue)}");
        foreach (var n in file.Notes)
            console.WriteLine($"{(n.Important ? "!" : " ")} {CliOutput.Date(n.CreatedAt)} {n.Author}: {n.Body}");
    }
}
