using System.CommandLine;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackOffice.Worker.Cli;

static class InvoiceVerbs
{
    static readonly Option<DateOnly?> Date = CliValues.Date("--date", "Business date to run for; default today in Moscow");

    public static Command Invoices(BackOfficeCli cli)
    {
        var invoices = new Command("invoices", "Invoices: list, show, create/edit/publish drafts, cancel, move due dates, collections, issue renewals, the PDF form.");
        invoices.Add(Show(cli));
        invoices.Add(Renew(cli));
        invoices.Add(Numbering(cli));
        InvoiceDeskVerbs.AddTo(invoices, cli);
        InvoiceDocumentVerbs.AddTo(invoices, cli);
        return invoices;
    }

    static Command Show(BackOfficeCli cli)
    {
        var number = new Argument<long>("number") { Description = "Invoice number (the one 1C carries)" };
        var byId = new Option<bool>("--id") { Description = "The argument is the internal id (drafts have no number yet)" };
        var cmd = new Command("show", "Print an invoice as a person reads it.") { number, byId };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var detail = await services.GetRequiredService<InvoiceList>().DetailAsync(parse.GetValue(number), parse.GetValue(byId), ct);
            var view = detail.View;
            if (parse.GetValue(BackOfficeCli.Json))
                CliOutput.WriteJson(cli.Out, new { view.Invoice, view.Invoice.BalanceDue, view.Lines, view.ClientName, view.OrganisationName, view.VatLabel,
                    detail.Payments, detail.Credit });
            else
            {
                cli.Out.Write(view.ToText());
                InvoiceMoneyView.Write(cli.Out, detail);
            }
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Renew(BackOfficeCli cli)
    {
        var days = new Option<int?>("--days") { Description = "Issue renewals this many days before the due date (default BackOffice:Billing:RenewalDaysBefore)" };
        var dryRun = CliOptions.DryRun();
        var force = Force();
        var cmd = new Command("renew", "Issue renewal invoices for services falling due (the renewal job, run once).") { Date, days, dryRun, force };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var options = services.GetRequiredService<IOptions<BillingOptions>>().Value;
            var daysBefore = parse.GetValue(days) ?? options.RenewalDaysBefore;
            if (daysBefore < 0) throw new InvalidInput("days", "--days cannot be negative.");
            var date = BusinessDay(parse, services, dryRun, force);
            var invoicer = parse.GetValue(dryRun)
                ? new RenewalInvoicer(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), services.GetRequiredService<TimeProvider>()) { DryRun = true }
                : services.GetRequiredService<RenewalInvoicer>();
            var result = await CliProgress.RunAsync(cli, "Renewals", p => invoicer.RunAsync(date, daysBefore, ct, p));
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, result);
            else
            {
                cli.Out.WriteLine($"Renewals for {CliOutput.Date(date)} (+{daysBefore} days): {result.Invoices} invoice(s), {result.Lines} line(s), " +
                                  $"{result.AlreadyBilled} service period(s) already billed.{CliOptions.DryRunNote(parse.GetValue(dryRun))}");
                if (result.InvoiceNumbers.Count > 0) cli.Out.WriteLine("Invoices: " + string.Join(", ", result.InvoiceNumbers));
                foreach (var p in result.Problems) cli.Err.WriteLine("Problem: " + p);
            }
            return result.Problems.Count == 0 ? BackOfficeCli.Ok : BackOfficeCli.Failed;
        }));
        return cmd;
    }

    static Command Numbering(BackOfficeCli cli)
    {
        var next = new Option<long?>("--next") { Description = "The next published invoice number (above the highest ever published; 1C carries the same numbers)" };
        var cmd = new Command("numbering", "Show the next published invoice number, or set it with --next.") { next };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var numbering = services.GetRequiredService<InvoiceNumbering>();
            var state = parse.GetValue(next) is { } n ? await numbering.SetNextAsync(n, ct) : await numbering.GetAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, state);
            else cli.Out.WriteLine($"Next invoice number: {state.NextNumber}; highest published: " +
                                   (state.HighestPublished is { } h ? $"№ {h}" : "none yet") + ".");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Option<bool> Force() => new("--force") { Description = "Run for a date in the future for real (without it such a run needs --dry-run)" };

    /// <summary>The run's date; a future one is a rehearsal unless the operator insists (--force): it would bill or chase clients early.</summary>
    static DateOnly BusinessDay(ParseResult parse, IServiceProvider services, Option<bool> dryRun, Option<bool> force)
    {
        var today = BusinessDate.Today(services.GetRequiredService<TimeProvider>());
        var date = parse.GetValue(Date) ?? today;
        if (date > today && !parse.GetValue(dryRun) && !parse.GetValue(force))
            throw new InvalidInput("date", $"--date {CliOutput.Date(date)} is in the future (today is {CliOutput.Date(today)}); " +
                                           "add --dry-run to see what the run would do, or --force to run it for real.");
        return date;
    }

    public static Command Overdue(BackOfficeCli cli)
    {
        var dryRun = CliOptions.DryRun();
        var force = Force();
        var cmd = new Command("overdue", "Reminders, overdue notices, late fees, suspension and termination (the overdue job, run once).") { Date, dryRun, force };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var date = BusinessDay(parse, services, dryRun, force);
            var processor = parse.GetValue(dryRun)
                ? new OverdueProcessor(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), services.GetRequiredService<TimeProvider>(),
                    services.GetRequiredService<IOptions<BillingOptions>>().Value) { DryRun = true }
                : services.GetRequiredService<OverdueProcessor>();
            var r = await processor.RunAsync(date, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, new { r.Reminders, r.Notices, r.LateFees, r.Suspended, r.Terminated, r.Problems, r.Retried, dryRun = parse.GetValue(dryRun) });
            else
            {
                cli.Out.WriteLine($"Overdue run for {CliOutput.Date(date)}: {r.Reminders} reminder(s), {r.Notices} notice(s), " +
                                  $"{r.LateFees} late fee(s), {r.Suspended} suspended, {r.Terminated} terminated.{CliOptions.DryRunNote(parse.GetValue(dryRun))}");
                foreach (var p in r.Problems) cli.Err.WriteLine("Problem: " + p);
            }
            return r.Problems.Count == 0 ? BackOfficeCli.Ok : BackOfficeCli.Failed;
        }));
        return cmd;
    }
}
