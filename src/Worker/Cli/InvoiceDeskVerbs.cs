using System.CommandLine;
using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Text;
using BackOffice.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>Invoices by hand: list, drafts (create, edit, publish), cancel, due-date moves, collections.</summary>
static class InvoiceDeskVerbs
{
    public static void AddTo(Command invoices, BackOfficeCli cli)
    {
        invoices.Add(List(cli));
        invoices.Add(Create(cli));
        invoices.Add(Edit(cli));
        invoices.Add(Publish(cli));
        invoices.Add(Cancel(cli));
        invoices.Add(MoveDue(cli));
        invoices.Add(Collections(cli));
    }

    static Command List(BackOfficeCli cli)
    {
        var client = new Option<int?>("--client") { Description = "Client id" };
        var manager = new Option<string?>("--manager") { Description = "Sales or personal manager: staff login, name or id" };
        var status = new Option<string?>("--status") { Description = "draft, unpaid, paid, cancelled, refunded or collections" };
        var overdue = new Option<bool>("--overdue") { Description = "Only unpaid or in collections and past the due date" };
        var org = new Option<string?>("--org") { Description = "Issuing organisation: code, name or id" };
        var issuedFrom = CliValues.Date("--issued-from", "Issued on or after");
        var issuedTo = CliValues.Date("--issued-to", "Issued on or before");
        var dueFrom = CliValues.Date("--due-from", "Due on or after");
        var dueTo = CliValues.Date("--due-to", "Due on or before");
        var limit = CliOptions.Limit();
        var cmd = new Command("list", "List invoices with totals, by client, manager, status, overdue, organisation, issue or due dates.")
            { client, manager, status, overdue, org, issuedFrom, issuedTo, dueFrom, dueTo, limit };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var listing = await services.GetRequiredService<InvoiceList>().ListAsync(new InvoiceFilter
            {
                ClientId = parse.GetValue(client), Manager = parse.GetValue(manager), Status = parse.GetValue(status), Overdue = parse.GetValue(overdue),
                Organisation = parse.GetValue(org), IssuedFrom = parse.GetValue(issuedFrom), IssuedTo = parse.GetValue(issuedTo),
                DueFrom = parse.GetValue(dueFrom), DueTo = parse.GetValue(dueTo), Limit = parse.GetValue(limit) ?? 500,
            }, ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, listing);
                return BackOfficeCli.Ok;
            }
            var t = new Table().AddColumns("№", "Клиент", "Организация", "Статус", "Дата счёта", "Оплатить до", "Итого", "Оплачено", "К оплате");
            foreach (var i in listing.Invoices)
                t.AddRow(i.Number?.ToString(CultureInfo.InvariantCulture) ?? $"черновик #{i.Id}", CliOutput.Text($"#{i.ClientId} {i.ClientName}"),
                    CliOutput.Text(i.Organisation), i.Status, CliOutput.Date(i.IssueDate), CliOutput.Date(i.DueDate), CliOutput.Money(i.Total),
                    CliOutput.Money(i.AmountPaid), CliOutput.Money(i.BalanceDue));
            var console = CliOutput.Console(cli.Out);
            console.Write(t);
            var x = listing.Totals;
            console.WriteLine($"{x.Count} invoice(s){(x.Count > listing.Invoices.Count ? $" ({listing.Invoices.Count} shown)" : "")}: " +
                              $"итого {CliOutput.Money(x.Total)}, оплачено {CliOutput.Money(x.Paid)}, к оплате {CliOutput.Money(x.BalanceDue)}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static readonly Option<string[]> Lines = new("--line")
    {
        Description = $"A line as \"description=amount\" (amount as {BusinessText.MoneyForms}); repeat for more lines",
        AllowMultipleArgumentsPerToken = false,
    };

    static IReadOnlyList<InvoiceLine>? ReadLines(ParseResult parse)
    {
        var given = parse.GetValue(Lines);
        if (given is not { Length: > 0 }) return null;
        return given.Select(text =>
        {
            var eq = text.LastIndexOf('=');
            if (eq <= 0 || string.IsNullOrWhiteSpace(text[..eq]))
                throw new InvalidInput("line", $"--line: '{text}' is not \"description=amount\".");
            if (!BusinessText.TryParseMoney(text[(eq + 1)..], out var amount))
                throw new InvalidInput("line", $"--line: '{text[(eq + 1)..]}' is not an amount; write it as {BusinessText.MoneyForms}.");
            return new InvoiceLine(LineKind.Manual, text[..eq].Trim(), amount);
        }).ToList();
    }

    static Command Create(BackOfficeCli cli)
    {
        var client = new Option<int>("--client") { Description = "Client id", Required = true };
        var method = new Option<string?>("--payment-method") { Description = "Payment method; picks the issuing organisation (default: the client's usual one)" };
        var issue = CliValues.Date("--issue-date", "Issue date (default today)");
        var due = CliValues.Date("--due-date", "Due date (default the issue date)");
        var notes = new Option<string?>("--notes") { Description = "Notes printed on the invoice" };
        var cmd = new Command("create", "Create a one-off draft invoice for a client; publish it when it is right.") { client, Lines, method, issue, due, notes };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var today = BusinessDate.Today(services.GetRequiredService<TimeProvider>());
            var issueDate = parse.GetValue(issue) ?? today;
            var view = await services.GetRequiredService<InvoiceBook>().CreateDraftAsync(
                new DraftInvoice(parse.GetValue(client), parse.GetValue(method) ?? "", issueDate, parse.GetValue(due) ?? issueDate, ReadLines(parse) ?? [])
                {
                    Notes = parse.GetValue(notes),
                }, ct);
            Print(cli, parse, view, $"Draft #{view.Invoice.Id} created for client #{view.Invoice.ClientId}, {CliOutput.Money(view.Invoice.Total)}; " +
                                    $"publish it with `backoffice invoices publish {view.Invoice.Id}`.");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Edit(BackOfficeCli cli)
    {
        var id = new Argument<long>("draft") { Description = "Draft id (as in «черновик #12»)" };
        var method = new Option<string?>("--payment-method") { Description = "Payment method; picks the issuing organisation" };
        var issue = CliValues.Date("--issue-date", "Issue date");
        var due = CliValues.Date("--due-date", "Due date");
        var notes = new Option<string?>("--notes") { Description = "Notes printed on the invoice" };
        var cmd = new Command("edit", "Change a draft: its lines (--line replaces them all), dates, notes. A published invoice is not edited.")
            { id, Lines, method, issue, due, notes };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var view = await services.GetRequiredService<InvoiceBook>().EditDraftAsync(parse.GetValue(id), new DraftEdit
            {
                Lines = ReadLines(parse), PaymentMethod = parse.GetValue(method), IssueDate = parse.GetValue(issue), DueDate = parse.GetValue(due),
                Notes = parse.GetValue(notes),
            }, ct);
            Print(cli, parse, view, $"Draft #{view.Invoice.Id} saved: {view.Lines.Count} line(s), {CliOutput.Money(view.Invoice.Total)}, " +
                                    $"due {CliOutput.Date(view.Invoice.DueDate)}.");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static void Print(BackOfficeCli cli, ParseResult parse, InvoiceView view, string line)
    {
        if (parse.GetValue(BackOfficeCli.Json))
            CliOutput.WriteJson(cli.Out, new { view.Invoice, view.Invoice.BalanceDue, view.Lines, view.ClientName, view.OrganisationName });
        else cli.Out.WriteLine(line);
    }

    static Command Publish(BackOfficeCli cli)
    {
        var id = new Argument<long>("draft") { Description = "Draft id (as in «черновик #12»)" };
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command("publish", "Publish a draft: it takes the next number, credit is applied and 1C is told.") { id, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var r = await services.GetRequiredService<InvoiceDesk>().PublishAsync(parse.GetValue(id), parse.GetValue(by)!, parse.GetValue(dryRun), ct);
            PrintOutcome(cli, parse, r, $"Draft #{r.Invoice.Id} {(r.DryRun ? "would be" : "is")} published as № {r.Invoice.Number}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Cancel(BackOfficeCli cli)
    {
        var number = new Argument<long>("number") { Description = "Invoice number" };
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command("cancel", "Cancel an unpaid invoice: its number stays used, its periods may be billed again, its credit goes back.") { number, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var r = await services.GetRequiredService<InvoiceDesk>().CancelAsync(parse.GetValue(number), parse.GetValue(by)!, parse.GetValue(dryRun), ct);
            PrintOutcome(cli, parse, r, $"Invoice № {r.Invoice.Number} {(r.DryRun ? "would be" : "is")} cancelled");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static void PrintOutcome(BackOfficeCli cli, ParseResult parse, InvoiceOutcome r, string what)
    {
        if (parse.GetValue(BackOfficeCli.Json))
        {
            CliOutput.WriteJson(cli.Out, new { r.Invoice, r.Invoice.BalanceDue, r.CreditBefore, r.CreditAfter, r.DryRun });
            return;
        }
        cli.Out.WriteLine($"{what}: итого {CliOutput.Money(r.Invoice.Total)}, кредит {CliOutput.Money(r.Invoice.CreditApplied)}, " +
                          $"к оплате {CliOutput.Money(r.Invoice.BalanceDue)}, статус {r.Invoice.Status}; " +
                          $"client's credit {CliOutput.Money(r.CreditBefore)} → {CliOutput.Money(r.CreditAfter)}.{CliOptions.DryRunNote(r.DryRun)}");
    }

    static Command MoveDue(BackOfficeCli cli)
    {
        var client = new Argument<int>("client") { Description = "Client id" };
        var servicesOption = new Option<int[]>("--service") { Description = "Service id; repeat for more", Required = true };
        var to = CliValues.Date("--to", "The new next due date", required: true);
        var noProrata = new Option<bool>("--no-prorata") { Description = "Move the date without an invoice for the days in between" };
        var dryRun = CliOptions.DryRun();
        var cmd = new Command("move-due", "Move services' next due date; a prorata invoice bills the days from the old date to the new one.")
            { client, servicesOption, to, noProrata, dryRun };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var r = await services.GetRequiredService<DueDateMover>().MoveAsync(new DueDateMove(parse.GetValue(client),
                parse.GetValue(servicesOption) ?? [], parse.GetValue(to)!.Value, !parse.GetValue(noProrata)), parse.GetValue(dryRun), ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, r);
            else cli.Out.WriteLine($"{(r.DryRun ? "Would move" : "Moved")} service(s) {string.Join(", ", r.ServiceIds.Select(s => $"#{s}"))} to {CliOutput.Date(parse.GetValue(to))}" +
                                   (r.Invoices.Count > 0 ? $"; prorata invoice(s) {string.Join(", ", r.Invoices.Select(i => $"№ {i.Number} {CliOutput.Money(i.Total)}"))}." : ".") +
                                   CliOptions.DryRunNote(r.DryRun));
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Collections(BackOfficeCli cli)
    {
        var number = new Argument<long>("number") { Description = "Invoice number" };
        var back = new Option<bool>("--back") { Description = "Return the invoice from collections to unpaid" };
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command("collections", "Send an unpaid, overdue invoice to collections (or --back to unpaid).") { number, back, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var r = await services.GetRequiredService<InvoiceDesk>().CollectionsAsync(parse.GetValue(number), parse.GetValue(back), parse.GetValue(by)!,
                parse.GetValue(dryRun), ct);
            PrintOutcome(cli, parse, r, $"Invoice № {r.Invoice.Number} {(r.DryRun ? "would be" : "is")} {(r.Invoice.Status == "collections" ? "in collections" : "unpaid")}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }
}

/// <summary>The money that touched an invoice, under the invoice as printed.</summary>
static class InvoiceMoneyView
{
    public static void Write(TextWriter output, InvoiceDetail detail)
    {
        if (detail.Payments.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Платежи:");
            foreach (var p in detail.Payments)
                output.WriteLine($"  #{p.Id} {CliOutput.Date(p.Date)} {(p.Kind == "refund" ? "возврат" : "платёж")} {CliOutput.Money(p.Amount)} " +
                                 $"{p.Method}{(p.Reference is { } r ? $", {r}" : "")}{(p.RefundOf is { } of ? $" (по платежу #{of})" : "")} — {p.By}");
        }
        if (detail.Credit.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Кредит:");
            foreach (var c in detail.Credit)
                output.WriteLine($"  {CliOutput.Date(c.Date)} {CliOutput.Money(c.Amount)} {c.Reason} — {c.By}");
        }
    }
}
