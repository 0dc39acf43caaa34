using System.CommandLine;
using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Sync.Bank;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>Treasury (SPEC §3): parse and import statements, the review queue, payment claims.</summary>
public static class BankVerbs
{
    static readonly Option<string> By = new("--by")
    {
        Description = "Who does it (recorded with the change)",
        DefaultValueFactory = _ => Environment.UserName,
    };

    const string Description = "Bank statements: parse, import, review queue, payment claims.";

    public static Command Build(BackOfficeCli cli)
    {
        var bank = new Command("bank", Description);
        bank.Add(Parse(cli));
        bank.Add(Import(cli));
        bank.Add(Inbox(cli));
        bank.Add(Queue(cli));
        bank.Add(Match(cli));
        bank.Add(Claim(cli));
        BankLedgerVerbs.AddTo(bank, cli);
        return bank;
    }

    /// <summary>`bank parse …` asked for in so many words: the bank command with only its parse verb, else null.</summary>
    internal static Command? ParseAlone(string[] args, BackOfficeCli cli) =>
        args is ["bank", "parse", ..] ? new Command("bank", Description) { Parse(cli) } : null;

    static Command Parse(BackOfficeCli cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "A 1CClientBankExchange statement file" };
        var cmd = new Command("parse", "Parse a statement without touching the database: header, balance checks, documents.") { file };
        cmd.SetAction(parse =>
        {
            var path = StatementPath(parse.GetValue(file)!);
            try
            {
                StatementPrinter.Print(path, cli.Out, parse.GetValue(BackOfficeCli.Json));
            }
            catch (StatementRejected e)
            {
                throw new InvalidInput("file", $"{Path.GetFileName(path)} is rejected: {e.Message}");
            }
            catch (Exception e) when (Unreadable(e))
            {
                throw new InvalidInput("file", $"{path} cannot be read: {e.Message}");
            }

            return BackOfficeCli.Ok;
        });
        return cmd;
    }

    /// <summary>A folder or a missing path where a file is expected is a one-line refusal, never a stack trace.</summary>
    static string StatementPath(FileSystemInfo given)
    {
        if (Directory.Exists(given.FullName))
            throw new InvalidInput("file", $"{given.FullName} is a folder, not a statement file (for a folder of statements use `bank inbox`).");
        if (!File.Exists(given.FullName))
            throw new NotFound($"There is no file {given.FullName}.");
        return given.FullName;
    }

    static bool Unreadable(Exception e) => e is IOException or UnauthorizedAccessException;

    static string Amount(decimal? amount) => amount is { } a ? CliOutput.Money(a) : "—";

    static Command Import(BackOfficeCli cli)
    {
        var files = new Argument<FileInfo[]>("file") { Description = "Statement files", Arity = ArgumentArity.OneOrMore };
        var dryRun = CliOptions.DryRun();
        var cmd = new Command("import", "Import statements, one transaction per file, and match incoming payments.") { files, dryRun, By };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var import = services.GetRequiredService<BankImport>();
            var summaries = new List<ImportSummary>();
            var failed = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    var path = StatementPath(file);
                    summaries.Add(await CliProgress.RunAsync(cli, $"{file.Name}: documents",
                        p => import.ImportFileAsync(path, parse.GetValue(By)!, ct, parse.GetValue(dryRun), p)));
                }
                catch (StatementRejected e)
                {
                    failed++;
                    await cli.Err.WriteLineAsync($"Rejected {file.Name}: {e.Message} (nothing of it was stored)");
                }
                catch (LedgerError e) when (e is InvalidInput or NotFound)
                {
                    failed++;
                    await cli.Err.WriteLineAsync($"Rejected {file.Name}: {e.Message}");
                }
                catch (Exception e) when (Unreadable(e))
                {
                    failed++;
                    await cli.Err.WriteLineAsync($"Rejected {file.Name}: it cannot be read: {e.Message} (nothing of it was stored)");
                }
            }

            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, summaries);
            else
                foreach (var s in summaries)
                {
                    cli.Out.WriteLine($"{s.FileName}: {s.DocumentsRead} read, {s.Incoming} incoming, {s.Matched} matched, {s.Partial} partial, " +
                        $"{s.ToCredit} to credit, {s.ToReview} to review, {s.Duplicates} duplicates, {s.Outgoing} outgoing" +
                        (s.SeenAgain ? $" — the same file as statement #{s.StatementId}, {(s.DryRun ? "would be " : "")}recorded as seen again" : "") +
                        CliOptions.DryRunNote(s.DryRun));
                    foreach (var w in s.Warnings)
                        cli.Out.WriteLine($"    warning: {w}");
                    foreach (var b in s.Balances.Where(b => !b.Agrees))
                        cli.Out.WriteLine($"    account {b.Account}: the statement's totals differ from its documents " +
                            $"(in {Amount(b.DifferenceIn)}, out {Amount(b.DifferenceOut)}, closing {Amount(b.ClosingDifference)})");
                }
            return failed == 0 ? BackOfficeCli.Ok : BackOfficeCli.Failed;
        }));
        return cmd;
    }

    static Command Inbox(BackOfficeCli cli)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The inbox folder; files go to processed/ or rejected/" };
        var dryRun = CliOptions.DryRun();
        var cmd = new Command("inbox", "Import every settled file of an inbox folder, moving each to processed/ or rejected/ (with .error.txt).")
            { folder, dryRun, By };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var path = parse.GetValue(folder)!.FullName;
            if (!Directory.Exists(path))
                throw new NotFound($"There is no folder {path}.");
            var outcomes = await CliProgress.RunStepsAsync(cli, "Bank inbox",
                p => services.GetRequiredService<BankInbox>().ImportFolderAsync(path, parse.GetValue(By)!, ct, parse.GetValue(dryRun), p));
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, outcomes);
            else
                foreach (var o in outcomes)
                    cli.Out.WriteLine((o.Summary is { } s
                        ? $"{o.FileName}: {s.DocumentsRead} read, {s.Matched} matched, {s.ToReview} to review, {s.Duplicates} duplicates → {(o.DryRun ? "would go to " : "")}processed/"
                        : $"{o.FileName}: rejected: {o.Error} → {(o.DryRun ? "would go to " : "")}rejected/") + CliOptions.DryRunNote(o.DryRun));
            return outcomes.Any(o => o.Error is not null) ? BackOfficeCli.Failed : BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Queue(BackOfficeCli cli)
    {
        var cmd = new Command("queue", "List the bank documents waiting for review, with their candidates.");
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var items = await services.GetRequiredService<ReviewDesk>().ListAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, items);
                return BackOfficeCli.Ok;
            }

            foreach (var i in items)
            {
                cli.Out.WriteLine($"#{i.DocumentId} п/п № {i.Number} от {i.Date:dd.MM.yyyy} {CliOutput.Money(i.Amount)} {i.PayerName} ИНН {i.PayerInn ?? "—"}");
                cli.Out.WriteLine($"    {i.Purpose}");
                cli.Out.WriteLine($"    why: {i.Reason}");
                foreach (var c in i.Candidates)
                    cli.Out.WriteLine(c.Kind switch
                    {
                        "invoice" => $"    invoice № {c.InvoiceNumber} of #{c.ClientId} {c.ClientName}, {c.IssueDate:dd.MM.yyyy}, due {CliOutput.Money(c.BalanceDue ?? 0)} ({c.Note})",
                        "client" => $"    client #{c.ClientId} {c.ClientName} {c.Note}",
                        _ => $"    {c.Kind} #{c.Id}",
                    });
            }

            cli.Out.WriteLine($"{items.Count} waiting");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Match(BackOfficeCli cli)
    {
        var doc = new Argument<long>("doc") { Description = "The bank document id shown by `bank queue`" };
        var invoices = new Option<long[]>("--invoice") { Description = "Invoice number(s); the money is split oldest first", AllowMultipleArgumentsPerToken = false };
        var toCredit = new Option<int?>("--to-credit") { Description = "Client id whose credit receives the whole payment" };
        var ignore = new Option<string?>("--ignore") { Description = "Ignore the document, with this reason" };
        var thirdParty = new Option<bool>("--third-party") { Description = "With --invoice: the payer pays another client's invoice (recorded)" };
        var dryRun = CliOptions.DryRun();
        var cmd = new Command("match", "Resolve a queued bank document: onto invoices, to a client's credit, or ignored.")
            { doc, invoices, toCredit, ignore, thirdParty, dryRun, By };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var numbers = parse.GetValue(invoices) ?? [];
            var credit = parse.GetValue(toCredit);
            var reason = parse.GetValue(ignore);
            if ((numbers.Length > 0 ? 1 : 0) + (credit is null ? 0 : 1) + (reason is null ? 0 : 1) != 1)
                throw new InvalidInput("match", "Give exactly one of --invoice N…, --to-credit CLIENT, --ignore REASON.");
            if (parse.GetValue(thirdParty) && numbers.Length == 0)
                throw new InvalidInput("third-party", "--third-party goes with --invoice: it says the payer pays another client's invoice.");
            var desk = services.GetRequiredService<ReviewDesk>();
            var by = parse.GetValue(By)!;
            var id = parse.GetValue(doc);
            var dry = parse.GetValue(dryRun);
            var status = numbers.Length > 0 ? await desk.MatchToInvoicesAsync(id, numbers, by, ct, parse.GetValue(thirdParty), dry)
                : credit is { } client ? await desk.ToCreditAsync(id, client, by, ct, dry)
                : await desk.IgnoreAsync(id, reason!, by, ct, dry);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, new { document = id, status, dryRun = dry });
            else cli.Out.WriteLine($"Bank document #{id}: {(dry ? "would be " : "")}{status}{CliOptions.DryRunNote(dry)}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Claim(BackOfficeCli cli)
    {
        var inn = new Option<string>("--inn") { Description = "Payer's ИНН", Required = true };
        var number = new Option<string>("--number") { Description = "Payment order number", Required = true };
        var date = CliValues.Date("--date", "Payment order date", required: true);
        var amount = CliValues.Money("--amount", "Amount paid", required: true);
        var manager = new Option<int>("--manager") { Description = "Staff id of the manager to tell", Required = true };
        var add = new Command("add", "Register a client's word that it paid; its manager is told when the payment arrives.") { inn, number, date, amount, manager, By };
        add.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var claim = await services.GetRequiredService<PaymentClaims>().AddAsync(
                new ClaimInput(parse.GetValue(inn)!, parse.GetValue(number)!, parse.GetValue(date)!.Value, parse.GetValue(amount)!.Value, parse.GetValue(manager)), parse.GetValue(By)!, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, claim);
            else cli.Out.WriteLine(claim.FoundDocumentId is { } found
                ? $"Claim #{claim.Id}: already arrived as bank document #{found}; the manager is told."
                : $"Claim #{claim.Id} registered; the manager is told when it arrives.");
            return BackOfficeCli.Ok;
        }));
        var claimCmd = new Command("claim", "Payment claims.");
        claimCmd.Add(add);
        return claimCmd;
    }
}
