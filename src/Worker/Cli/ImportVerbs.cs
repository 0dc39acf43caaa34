using System.CommandLine;
using BackOffice.Import.Whmcs;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Worker.Cli;

/// <summary>Moving in from another system: `import whmcs` (and its --compare for the side-by-side month).</summary>
static class ImportVerbs
{
    public static Command Build(BackOfficeCli cli)
    {
        var import = new Command("import", "Bring another system's data into the ledger.");
        import.Add(Whmcs(cli));
        return import;
    }

    static Command Whmcs(BackOfficeCli cli)
    {
        var connection = new Option<string>("--connection")
        {
            Description = "The WHMCS database (MySQL/MariaDB): \"Server=…;Port=3306;Database=…;User=…;Password=…\"", Required = true,
        };
        var dryRun = CliOptions.DryRun();
        var since = CliValues.Date("--since", "Read again only what changed from this date (default: since the last run; the first run reads everything)");
        var compare = new Option<bool>("--compare") { Description = "Change nothing: list what differs between WHMCS and the ledger (clients, open invoices and balances, ticket counts)" };
        var cmd = new Command("whmcs", "Bring clients, staff, invoices, payments, credit and tickets from a WHMCS database, keeping ids and numbers; again and again.")
        {
            connection, dryRun, since, compare,
        };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var json = parse.GetValue(BackOfficeCli.Json);
            if (parse.GetValue(compare))
            {
                var diff = await services.GetRequiredService<WhmcsCompare>().CompareAsync(parse.GetValue(connection)!, ct);
                if (json) CliOutput.WriteJson(cli.Out, diff);
                else PrintComparison(cli.Out, diff);
                return BackOfficeCli.Ok;
            }
            var result = await CliProgress.RunStepsAsync(cli, "WHMCS import", p => services.GetRequiredService<WhmcsImport>().RunAsync(
                new WhmcsImportRequest(parse.GetValue(connection)!, parse.GetValue(dryRun), parse.GetValue(since)) {
                    // Rows read per kind of row; the import does not know its totals up front.
                    Progress = new CliProgress.Reporter<ImportProgress>(x => p.Report((x.Kind, x.Read, 0))),
                }, ct));
            if (json) CliOutput.WriteJson(cli.Out, result);
            else PrintResult(cli.Out, result);
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static void PrintResult(TextWriter o, WhmcsImportResult r)
    {
        o.WriteLine($"WHMCS {r.Source}: import run #{r.RunId}" + (r.Since is { } s ? $", rows changed since {CliOutput.Date(s)}" : ", everything") +
                    CliOptions.DryRunNote(r.DryRun));
        o.WriteLine($"  {"",-14} {"read",8} {"added",8} {"updated",8} {"same",8} {"not taken",10}");
        foreach (var (kind, c) in r.Counts)
            o.WriteLine($"  {kind,-14} {c.Read,8} {c.Added,8} {c.Updated,8} {c.Unchanged,8} {c.NotTaken,10}");
        o.WriteLine($"Next invoice number: {r.NextInvoiceNumber}");
        var notTaken = r.Problems.Where(p => !p.Taken).ToList();
        var flagged = r.Problems.Where(p => p.Taken).ToList();
        o.WriteLine($"Not taken ({notTaken.Count}):");
        foreach (var p in notTaken) o.WriteLine($"  {p.Problem,-20} {p.Detail}");
        o.WriteLine($"Imported with a flag ({flagged.Count}):");
        foreach (var p in flagged) o.WriteLine($"  {p.Problem,-20} {p.Detail}");
    }

    static void PrintComparison(TextWriter o, WhmcsComparison c)
    {
        o.WriteLine($"WHMCS {c.Source} against the ledger:");
        o.WriteLine($"  clients          {c.ClientsWhmcs,8} {c.ClientsLedger,8}");
        o.WriteLine($"  open invoices    {c.OpenInvoicesWhmcs,8} {c.OpenInvoicesLedger,8}   balance {CliOutput.Money(c.OpenBalanceWhmcs)} / {CliOutput.Money(c.OpenBalanceLedger)}");
        o.WriteLine($"  tickets          {c.TicketsWhmcs,8} {c.TicketsLedger,8}   open {c.OpenTicketsWhmcs} / {c.OpenTicketsLedger}");
        o.WriteLine(c.Differences.Count == 0 ? "No differences." : $"Differences ({c.Differences.Count}):");
        foreach (var d in c.Differences)
            o.WriteLine($"  {d.Area} {(d.Id > 0 ? "#" + d.Id : "")} {d.What}: WHMCS {d.Whmcs ?? "—"}, ledger {d.Ledger ?? "—"}");
    }
}
