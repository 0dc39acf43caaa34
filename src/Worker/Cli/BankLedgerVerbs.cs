using System.CommandLine;
using System.Globalization;
using BackOffice.Sync.Bank;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>Treasury's look back: imported statements, documents and their outcome, undoing a wrong match, payment claims.</summary>
static class BankLedgerVerbs
{
    public static void AddTo(Command bank, BackOfficeCli cli)
    {
        bank.Add(Statements(cli));
        bank.Add(Payments(cli));
        bank.Add(Unmatch(cli));
        bank.Add(Claims(cli));
        bank.Subcommands.First(c => c.Name == "claim").Add(CancelClaim(cli));
    }

    static Command Statements(BackOfficeCli cli)
    {
        var limit = CliOptions.Limit();
        var cmd = new Command("statements", "Imported statement files: account, period, counts.") { limit };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var rows = await services.GetRequiredService<BankLedger>().StatementsAsync(parse.GetValue(limit) ?? 100, ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, rows);
                return BackOfficeCli.Ok;
            }
            var t = new Table().AddColumns("#", "Файл", "Счёт", "Период", "Загружен", "Прочитано", "Входящих", "Сопоставлено", "Частично",
                "На аванс", "На разбор", "Дубли", "Исходящих");
            foreach (var s in rows)
                t.AddRow(N(s.Id), CliOutput.Text(s.FileName), CliOutput.Text(s.Accounts), $"{CliOutput.Date(s.PeriodFrom)}–{CliOutput.Date(s.PeriodTo)}",
                    $"{CliOutput.Date(s.ImportedAt)} {CliOutput.Text(s.ImportedBy)}", N(s.DocumentsRead), N(s.Incoming), N(s.Matched), N(s.Partial),
                    N(s.ToCredit), N(s.ToReview), N(s.Duplicates), N(s.Outgoing));
            var console = CliOutput.Console(cli.Out);
            console.Write(t);
            console.WriteLine($"{rows.Count} statement(s)");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    static Command Payments(BackOfficeCli cli)
    {
        var status = new Option<string?>("--status") { Description = "matched, partial, credit, review, ignored, outgoing or transfer" };
        var client = new Option<int?>("--client") { Description = "Client id" };
        var from = CliValues.Date("--from", "Executed on or after");
        var to = CliValues.Date("--to", "Executed on or before");
        var amount = CliValues.Money("--amount", "Exactly this amount");
        var statement = new Option<long?>("--statement") { Description = "Statement id (bank statements shows them)" };
        var limit = CliOptions.Limit();
        var cmd = new Command("payments", "Bank documents with their outcome, by status, client, date, amount or statement.")
            { status, client, from, to, amount, statement, limit };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var rows = await services.GetRequiredService<BankLedger>().DocumentsAsync(new DocumentFilter
            {
                Status = parse.GetValue(status), ClientId = parse.GetValue(client), From = parse.GetValue(from), To = parse.GetValue(to),
                Amount = parse.GetValue(amount), StatementId = parse.GetValue(statement), Limit = parse.GetValue(limit) ?? 500,
            }, ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, rows);
                return BackOfficeCli.Ok;
            }
            var t = new Table().AddColumns("#", "№ п/п", "Дата", "Проведён", "Сумма", "Плательщик", "Итог", "Клиент", "Счета", "Назначение");
            foreach (var d in rows)
                t.AddRow(N(d.Id), CliOutput.Text(d.Number), CliOutput.Date(d.DocDate), CliOutput.Date(d.ExecutionDate), CliOutput.Money(d.Amount),
                    CliOutput.Text($"{d.PayerName} ИНН {d.PayerInn ?? "—"}"), d.Status, d.ClientId is { } c ? $"#{c}" : "—", CliOutput.Text(d.InvoiceNumbers),
                    CliOutput.Text(d.Purpose));
            var console = CliOutput.Console(cli.Out);
            console.Write(t);
            console.WriteLine($"{rows.Count} document(s), {CliOutput.Money(rows.Sum(r => r.Amount))}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Unmatch(BackOfficeCli cli)
    {
        var doc = new Argument<long>("doc") { Description = "Bank document id (bank payments shows them)" };
        var reason = CliOptions.Reason();
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command("unmatch", "Undo a match: the payments are reversed through the billing engine and the document goes back to the review queue.")
            { doc, reason, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var r = await services.GetRequiredService<BankLedger>().UnmatchAsync(parse.GetValue(doc), parse.GetValue(reason)!, parse.GetValue(by)!,
                parse.GetValue(dryRun), ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, r);
                return BackOfficeCli.Ok;
            }
            cli.Out.WriteLine($"Bank document #{r.DocumentId} ({r.StatusBefore}) {(r.DryRun ? "would go" : "is")} back in the review queue." +
                              CliOptions.DryRunNote(r.DryRun));
            foreach (var p in r.Reversed)
                cli.Out.WriteLine($"  payment #{p.PaymentId} reversed (#{p.ReversalId}): {CliOutput.Money(p.FromInvoice)} off invoice id {p.InvoiceId?.ToString(CultureInfo.InvariantCulture) ?? "—"}, " +
                                  $"{CliOutput.Money(p.FromCredit)} off credit");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Claims(BackOfficeCli cli)
    {
        var status = new Option<string?>("--status") { Description = "open, found or cancelled" };
        var cmd = new Command("claims", "Payment claims and their status: open (looked for), found, cancelled.") { status };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var rows = await services.GetRequiredService<PaymentClaimList>().ListAsync(parse.GetValue(status), ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, rows.Select(c => new
                {
                    c.Id, c.Status, c.Inn, c.Number, c.PaidOn, c.Amount, c.ManagerId, c.Manager, c.CreatedAt, c.CreatedBy, c.FoundDocumentId, c.CancelledAt,
                    c.CancelReason,
                }));
                return BackOfficeCli.Ok;
            }
            var t = new Table().AddColumns("#", "Статус", "ИНН", "№ п/п", "Дата", "Сумма", "Менеджер", "Документ", "Причина отмены");
            foreach (var c in rows)
                t.AddRow(N(c.Id), c.Status, c.Inn, CliOutput.Text(c.Number), CliOutput.Date(c.PaidOn), CliOutput.Money(c.Amount), CliOutput.Text(c.Manager),
                    c.FoundDocumentId is { } d ? $"#{d}" : "—", CliOutput.Text(c.CancelReason));
            var console = CliOutput.Console(cli.Out);
            console.Write(t);
            console.WriteLine($"{rows.Count} claim(s)");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command CancelClaim(BackOfficeCli cli)
    {
        var id = new Argument<long>("claim") { Description = "Claim id (bank claims shows them)" };
        var reason = CliOptions.Reason();
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command("cancel", "Stop looking for a claimed payment (the client was wrong, or paid otherwise).") { id, reason, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var c = await services.GetRequiredService<PaymentClaimList>().CancelAsync(parse.GetValue(id), parse.GetValue(reason)!, parse.GetValue(by)!, ct,
                parse.GetValue(dryRun));
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, new { c.Id, c.Status, c.CancelledAt, c.CancelReason, c.DryRun });
            else cli.Out.WriteLine($"Claim #{c.Id} {(c.DryRun ? "would be " : "")}cancelled: {c.CancelReason}.{CliOptions.DryRunNote(c.DryRun)}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }
}
