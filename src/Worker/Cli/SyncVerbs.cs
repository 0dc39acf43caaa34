using System.CommandLine;
using System.Globalization;
using BackOffice.Sync.Accounting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>The 1C mirror (SPEC §2): relay the outbox, its status, one invoice's 1C side, problems, retries, reconciliation.</summary>
public static class SyncVerbs
{
    public static Command Build(BackOfficeCli cli)
    {
        var sync = new Command("sync", "The 1C mirror: run the relay, status, one invoice, problems, retry, reconcile.");
        sync.Add(Run(cli));
        sync.Add(Status(cli));
        sync.Add(Show(cli));
        sync.Add(Problems(cli));
        sync.Add(Retry(cli));
        sync.Add(Reconcile(cli));
        return sync;
    }

    static Command Run(BackOfficeCli cli)
    {
        var cmd = new Command("run", "Relay waiting ledger changes to 1C once (the onec-relay job, run once).");
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var r = await CliProgress.RunAsync(cli, "1C relay: items", p => services.GetRequiredService<OutboxRelay>().RunOnceAsync(ct, p));
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, r);
            else
            {
                cli.Out.WriteLine($"{r.Claimed} item(s): {r.Created} created, {r.Adopted} adopted, {r.Updated} updated, {r.Unchanged} unchanged, " +
                                  $"{r.SalesDocuments} sales document(s) created, {r.SalesMarked} marked for deletion, {r.Waiting} waiting for a contractor, {r.Failed} to retry, {r.GaveUp} given up");
                if (r.Halted is not null) cli.Err.WriteLine($"Stopped: {r.Halted}");
            }
            return r.Halted is null ? BackOfficeCli.Ok : BackOfficeCli.Failed;
        }));
        return cmd;
    }

    static Command Status(BackOfficeCli cli)
    {
        var cmd = new Command("status", "Outbox depth, the oldest waiting item, the last success and the last error.");
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var s = await services.GetRequiredService<SyncStatus>().GetAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, s);
            else
            {
                cli.Out.WriteLine(s.Enabled ? "Mirror: on" : "Mirror: off (set BackOffice:Accounting:BaseUrl)");
                cli.Out.WriteLine($"Waiting: {s.Waiting}, given up: {s.GivenUp}");
                cli.Out.WriteLine($"Oldest waiting: {Instant(s.OldestWaiting)}{(s.OldestInvoice is { } n ? $" (invoice № {n})" : "")}");
                cli.Out.WriteLine($"Last success: {Instant(s.LastSuccess)}");
                cli.Out.WriteLine($"Last error: {Instant(s.LastErrorAt)}{(s.LastError is null ? "" : " — " + s.LastError)}");
            }
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Show(BackOfficeCli cli)
    {
        var number = new Argument<long>("INVOICE") { Description = "The invoice number" };
        var cmd = new Command("show", "The 1C side of one invoice: Ref_Key, number, state, attempts, last error.") { number };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var v = await services.GetRequiredService<SyncStatus>().ShowAsync(parse.GetValue(number), ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, v);
            else
            {
                cli.Out.WriteLine($"Invoice № {v.Number} ({v.Status}): {v.State}");
                cli.Out.WriteLine($"1C number: {v.OnecNumber ?? "—"}   Ref_Key: {v.RefKey?.ToString() ?? "—"}   sales document: {v.SalesRefKey?.ToString() ?? "—"}");
                cli.Out.WriteLine($"Attempts: {v.Attempts}   synced: {Instant(v.SyncedAt)}");
                if (v.LastError is not null) cli.Out.WriteLine($"Last error: {v.LastError}");
                if (v.RetriedBy is not null) cli.Out.WriteLine($"Sent again by {v.RetriedBy} at {Instant(v.RetriedAt)}");
            }
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Problems(BackOfficeCli cli)
    {
        var cmd = new Command("problems", "What keeps invoices out of 1C, per client or setting, and what to fix.");
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var problems = await services.GetRequiredService<SyncProblems>().ListAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, problems);
            else if (problems.Count == 0) cli.Out.WriteLine("No problems.");
            else
            {
                var t = new Table().AddColumns("Kind", "Client", "Invoices", "Problem", "Fix");
                foreach (var p in problems)
                    t.AddRow(p.Kind, CliOutput.Text(p.ClientId is { } id ? $"#{id} {p.ClientName}" : null),
                        CliOutput.Text(string.Join(", ", p.Invoices)), CliOutput.Text(p.Message), CliOutput.Text(p.Fix));
                CliOutput.Console(cli.Out).Write(t);
            }
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Retry(BackOfficeCli cli)
    {
        var number = new Argument<long?>("INVOICE") { Description = "The invoice number (default: every invoice given up on)", Arity = ArgumentArity.ZeroOrOne };
        var by = CliOptions.By();
        var cmd = new Command("retry", "Put invoices the relay gave up on back in the queue, attempts reset (who and when are recorded).") { number, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var count = await services.GetRequiredService<SyncProblems>()
                .RetryAsync(parse.GetValue(number), parse.GetValue(by)!, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, new { requeued = count });
            else cli.Out.WriteLine($"{count} item(s) back in the queue.");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Reconcile(BackOfficeCli cli)
    {
        var from = CliValues.Date("--from", "First issue date", required: true);
        var to = CliValues.Date("--to", "Last issue date", required: true);
        var cmd = new Command("reconcile", "Compare ledger and 1C invoices of a date range: missing on either side, totals, contractors, status.") { from, to };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var differences = await services.GetRequiredService<Reconciliation>().CompareAsync(parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, differences);
            else if (differences.Count == 0) cli.Out.WriteLine("Ledger and 1C agree.");
            else
            {
                var t = new Table().AddColumns("Number", "Difference", "Ledger", "1C");
                foreach (var d in differences) t.AddRow(CliOutput.Text(d.Number), d.Difference, CliOutput.Text(d.Ledger), CliOutput.Text(d.OneC));
                CliOutput.Console(cli.Out).Write(t);
            }
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static string Instant(DateTime? at) => at is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";
}
