using System.CommandLine;
using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Tickets.Desk;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>Support staff (SPEC §4): the ticket queue and what they do with a ticket.</summary>
static class TicketVerbs
{
    static readonly Argument<int> Number = new("number") { Description = "Ticket number, as in the subject tag ([#104121] → 104121)" };
    static readonly Option<string> By = new("--by")
    {
        Description = "The staff member doing it (login or id; default: your login)",
        DefaultValueFactory = _ => Environment.UserName,
    };

    public static Command Build(BackOfficeCli cli)
    {
        var tickets = new Command("tickets", "Support tickets: list, show, reply, note, assign, move, priority, close, open, new.");
        tickets.Add(List(cli));
        tickets.Add(Show(cli));
        tickets.Add(Reply(cli, note: false));
        tickets.Add(Reply(cli, note: true));
        tickets.Add(Change(cli, "assign", "Assign a ticket to a staff member.", "staff", "Login or id of the assignee", (d, n, by, v, ct) => d.AssignAsync(n, by, v, ct)));
        tickets.Add(Change(cli, "move", "Move a ticket to another department.", "department", "Department name or id", (d, n, by, v, ct) => d.MoveAsync(n, by, v, ct)));
        tickets.Add(Change(cli, "priority", "Set a ticket's priority.", "priority", "low, medium or high", (d, n, by, v, ct) => d.PriorityAsync(n, by, v, ct)));
        tickets.Add(Close(cli));
        tickets.Add(Open(cli));
        tickets.Add(New(cli));
        return tickets;
    }

    static Command List(BackOfficeCli cli)
    {
        var status = new Option<string?>("--status") { Description = "Only this status (open, answered, customer_reply, on_hold, in_progress, closed); default: all but closed" };
        var breaching = new Option<bool>("--breaching") { Description = "Only tickets past their SLA due time or within the warning minutes of it" };
        var client = new Option<int?>("--client") { Description = "Only this client's tickets (its history)" };
        var cmd = new Command("list", "List tickets: number, subject, status, department, assignee, SLA.") { status, breaching, client };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var list = await services.GetRequiredService<TicketDesk>().ListAsync(parse.GetValue(status), parse.GetValue(breaching), parse.GetValue(client), ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, list);
                return BackOfficeCli.Ok;
            }
            var t = new Table().AddColumns("№", "Subject", "Status", "Priority", "Department", "Assignee", "Client", "SLA due (UTC)");
            foreach (var x in list)
                t.AddRow(x.Number.ToString(CultureInfo.InvariantCulture), CliOutput.Text(x.Subject), x.Status, x.Priority, CliOutput.Text(x.Department),
                    CliOutput.Text(x.Assignee), CliOutput.Text(x.Client is null ? (x.Unverified ? "unverified" : null) : $"#{x.ClientId} {x.Client}"),
                    x.SlaDueAt is { } due ? $"{due:yyyy-MM-dd HH:mm} {x.Sla}" : "—");
            var console = CliOutput.Console(cli.Out);
            console.Write(t);
            console.WriteLine($"{list.Count} ticket(s)");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Show(BackOfficeCli cli)
    {
        var cmd = new Command("show", "Show a ticket: its messages, internal notes, attachments and history.") { Number };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var v = await services.GetRequiredService<TicketDesk>().ShowAsync(parse.GetValue(Number), ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, v);
                return BackOfficeCli.Ok;
            }
            var t = v.Ticket;
            cli.Out.WriteLine($"[#{t.Number}] {t.Subject}");
            cli.Out.WriteLine($"{t.Status}, {t.Priority}, {t.Department}, {t.Assignee ?? "unassigned"}, " +
                              $"{(t.ClientId is { } c ? $"client #{c} {t.Client}" : $"unverified sender {v.OpenedBy}")}");
            if (v.LinkedTicket is { } linked) cli.Out.WriteLine($"Follows closed ticket #{linked}");
            if (t.SlaDueAt is { } due) cli.Out.WriteLine($"SLA due {due:yyyy-MM-dd HH:mm} UTC ({t.Sla})");
            if (v.FirstResponseMinutes is { } fr) cli.Out.WriteLine($"First response after {fr} working minute(s)");
            foreach (var m in v.Messages)
            {
                cli.Out.WriteLine();
                var who = m.Kind switch { "client" => m.FromAddress, "note" => $"internal note by {m.Author}", "staff" => $"{m.Author} (staff)", _ => "system" };
                cli.Out.WriteLine($"--- #{m.Id} {m.CreatedAt:yyyy-MM-dd HH:mm} {who}{(m.IsAutomatic ? " [automatic]" : "")}{(m.Flag is null ? "" : $" [{m.Flag}]")}");
                cli.Out.WriteLine(m.Text);
                foreach (var a in m.Attachments) cli.Out.WriteLine($"    attachment {a.FileName} ({a.ContentType}, {a.Size} bytes)");
            }
            cli.Out.WriteLine();
            foreach (var h in v.History) cli.Out.WriteLine(h);
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Reply(BackOfficeCli cli, bool note)
    {
        var text = new Option<string>("--text") { Description = note ? "The note (staff only)" : "The answer sent to the client", Required = true };
        var attach = new Option<FileInfo[]>("--attach") { Description = "Files to attach (BackOffice:Mail:MaxAttachmentBytes each at most)", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command(note ? "note" : "reply",
            note ? "Add an internal note (never sent to the client)." : "Answer the client: sent from the support address with the ticket tag; stops the SLA clock.")
            { Number, text, attach, By };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var files = new List<StaffFile>();
            foreach (var f in parse.GetValue(attach) ?? [])
            {
                if (!f.Exists) throw new InvalidInput("attach", $"There is no file {f.FullName}.");
                files.Add(new StaffFile(f.Name, await File.ReadAllBytesAsync(f.FullName, ct)));
            }
            var desk = services.GetRequiredService<TicketDesk>();
            var number = parse.GetValue(Number);
            if (note)
            {
                await desk.NoteAsync(number, parse.GetValue(By)!, parse.GetValue(text)!, files, ct);
                Say(cli, parse, number, "note added");
            }
            else
            {
                var messageId = await desk.ReplyAsync(number, parse.GetValue(By)!, parse.GetValue(text)!, files, ct);
                Say(cli, parse, number, $"answer queued as <{messageId}>");
            }
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Change(BackOfficeCli cli, string name, string description, string argName, string argDescription,
        Func<TicketDesk, int, string, string, CancellationToken, Task> change)
    {
        var value = new Argument<string>(argName) { Description = argDescription };
        var cmd = new Command(name, description) { Number, value, By };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            await change(services.GetRequiredService<TicketDesk>(), parse.GetValue(Number), parse.GetValue(By)!, parse.GetValue(value)!, ct);
            Say(cli, parse, parse.GetValue(Number), $"{name} {parse.GetValue(value)}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Close(BackOfficeCli cli)
    {
        var cmd = new Command("close", "Close a ticket (its resolution time is recorded).") { Number, By };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            await services.GetRequiredService<TicketDesk>().CloseAsync(parse.GetValue(Number), parse.GetValue(By)!, ct);
            Say(cli, parse, parse.GetValue(Number), "closed");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Open(BackOfficeCli cli)
    {
        var status = new Option<string>("--status") { Description = "open (default), in_progress, or on_hold (pauses the SLA clock)", DefaultValueFactory = _ => "open" };
        var cmd = new Command("open", "Reopen a ticket, or put it in progress / on hold.") { Number, status, By };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            await services.GetRequiredService<TicketDesk>().OpenAsync(parse.GetValue(Number), parse.GetValue(By)!, parse.GetValue(status)!, ct);
            Say(cli, parse, parse.GetValue(Number), parse.GetValue(status)!);
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command New(BackOfficeCli cli)
    {
        var subject = new Option<string>("--subject") { Description = "Subject", Required = true };
        var text = new Option<string>("--text") { Description = "First message: sent to the client, or an internal note", Required = true };
        var client = new Option<int?>("--client") { Description = "Client id: the ticket is addressed to this client" };
        var department = new Option<string?>("--department") { Description = "Department name or id (default: BackOffice:Mail:DefaultDepartment)" };
        var cmd = new Command("new", "Open a ticket: to a client (--client) or internal to a department.") { subject, text, client, department, By };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var number = await services.GetRequiredService<TicketDesk>().OpenTicketAsync(parse.GetValue(By)!, parse.GetValue(subject)!, parse.GetValue(text)!,
                parse.GetValue(client), parse.GetValue(department), ct);
            Say(cli, parse, number, "opened");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static void Say(BackOfficeCli cli, ParseResult parse, int number, string what)
    {
        if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, new { ticket = number, done = what });
        else cli.Out.WriteLine($"Ticket #{number}: {what}");
    }
}
