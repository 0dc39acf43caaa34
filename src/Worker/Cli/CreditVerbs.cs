using System.CommandLine;
using BackOffice.Ledger.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Worker.Cli;

/// <summary>A client's credit: its statement, and changes by hand with a reason.</summary>
static class CreditVerbs
{
    static readonly Argument<int> Client = new("client") { Description = "Client id" };

    public static Command Build(BackOfficeCli cli)
    {
        var credit = new Command("credit", "A client's credit: show, add, remove (with a reason).");
        credit.Add(Show(cli));
        credit.Add(Change(cli, "add", "Give a client credit (a goodwill gesture, a credit note for a published invoice)."));
        credit.Add(Change(cli, "remove", "Take credit off a client (money given back outside the ledger, a mistake); never below zero."));
        return credit;
    }

    static Command Show(BackOfficeCli cli)
    {
        var cmd = new Command("show", "A client's credit balance and every change of it.") { Client };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var s = await services.GetRequiredService<CreditBook>().ShowAsync(parse.GetValue(Client), ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, s);
                return BackOfficeCli.Ok;
            }
            cli.Out.WriteLine($"Кредит клиента #{s.ClientId} {s.ClientName}: {CliOutput.Money(s.Balance)}");
            foreach (var e in s.Entries)
                cli.Out.WriteLine($"  {CliOutput.Date(e.Date)} {CliOutput.Money(e.Amount),16}  {e.Reason} — {e.By}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Change(BackOfficeCli cli, string verb, string description)
    {
        var amount = CliValues.Money("--amount", "Amount", required: true);
        var reason = CliOptions.Reason();
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command(verb, description) { Client, amount, reason, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var book = services.GetRequiredService<CreditBook>();
            var (client, sum, why, rehearse, who) = (parse.GetValue(Client), parse.GetValue(amount)!.Value, parse.GetValue(reason)!, parse.GetValue(dryRun), parse.GetValue(by)!);
            var r = verb == "add"
                ? await book.AddAsync(client, sum, why, who, rehearse, ct)
                : await book.RemoveAsync(client, sum, why, who, rehearse, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, r);
            else cli.Out.WriteLine($"Client #{r.ClientId}: credit {CliOutput.Money(r.BalanceBefore)} → {CliOutput.Money(r.BalanceAfter)} ({r.Reason})." +
                                   CliOptions.DryRunNote(r.DryRun));
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }
}
