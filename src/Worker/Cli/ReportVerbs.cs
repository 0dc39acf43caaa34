using System.CommandLine;
using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Reports.Engine;
using BackOffice.Reports.Mailing;
using BackOffice.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>Reports (SPEC §5): one verb for every report of the engine; `--list` names them.</summary>
static class ReportVerbs
{
    public static Command Build(BackOfficeCli cli)
    {
        var name = new Argument<string?>("name") { Description = "The report (see --list)", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the reports and the options each takes" };
        var manager = new Option<string?>("--manager") { Description = "A manager's staff id or login, or all (the default: every manager and the clients without one)" };
        var month = CliValues.Month("--month", "The month, for the reports that take one (default the as-of date's month)");
        var asOf = CliValues.Date("--as-of", "The report's date: payments after it are ignored (default today in Moscow)");
        var days = new Option<int?>("--days") { Description = "The window in days, for the reports that take one" };
        var output = new Option<string?>("--out") { Description = "The file to write: FILE.xlsx (a workbook) or FILE.csv" };
        var mail = new Option<bool>("--mail") { Description = "Queue each manager's own workbook in the outgoing mail instead (the scheduled job, run once)" };
        var cmd = new Command("report", "Write a report as a workbook or CSV (`backoffice report debtors --out debtors.xlsx`), or mail it to each manager.")
        {
            name, list, manager, month, asOf, days, output, mail,
        };
        cmd.SetAction((parse, ct) =>
        {
            if (parse.GetValue(list)) return Task.FromResult(List(cli, parse.GetValue(BackOfficeCli.Json)));
            var report = ReportCatalogue.Standard().Find(parse.GetValue(name) ?? throw new InvalidInput("name",
                "Name the report to make (see `backoffice report --list`)."));
            var mailing = parse.GetValue(mail);
            if (mailing && parse.GetValue(output) is not null)
                throw new InvalidInput("--out", "--out and --mail exclude each other: a mailed workbook goes to each manager, not to a file.");
            if (mailing && parse.GetValue(manager) is not null)
                throw new InvalidInput("--manager", "--mail sends every manager his own workbook; --manager does not apply.");
            if (!mailing && string.IsNullOrWhiteSpace(parse.GetValue(output)))
                throw new InvalidInput("--out", "--out: name the file to write, ending in .xlsx or .csv (or give --mail).");
            return cli.WithDatabaseAsync(parse, ct, async services =>
            {
                var today = BusinessDate.Today(services.GetRequiredService<TimeProvider>());
                var date = parse.GetValue(asOf) ?? today;
                var json = parse.GetValue(BackOfficeCli.Json);
                if (mailing)
                {
                    if (parse.GetValue(month) is not null || parse.GetValue(days) is not null)
                        throw new InvalidInput("--mail", "--mail sends the report with its defaults; --month and --days do not apply.");
                    var mailed = await services.GetRequiredService<ManagerReportMailer>().QueueAsync(report.Name, date, today, ct);
                    if (json) CliOutput.WriteJson(cli.Out, mailed);
                    else cli.Out.WriteLine($"{report.Title} на {CliOutput.Date(date)}: {mailed.Queued} workbook(s) queued, {mailed.AlreadyQueued} already queued, " +
                                           $"{mailed.NothingToSend} manager(s) with nothing to send, {mailed.NoEmail} without an email address.");
                    return BackOfficeCli.Ok;
                }
                var engine = services.GetRequiredService<ReportEngine>();
                var request = new ReportRequest(date, parse.GetValue(manager), parse.GetValue(month), parse.GetValue(days));
                var path = parse.GetValue(output);
                var written = await CliProgress.RunAsync(cli, report.Title, p => engine.WriteAsync(report.Name, request, today, path, p, ct));
                if (json) CliOutput.WriteJson(cli.Out, written);
                else cli.Out.WriteLine($"{report.Title} на {CliOutput.Date(written.AsOf)}: {written.Rows} row(s), {written.Sheets} sheet(s) → {written.File}");
                return BackOfficeCli.Ok;
            });
        });
        return cmd;
    }

    static int List(BackOfficeCli cli, bool json)
    {
        var reports = ReportCatalogue.Standard().All;
        if (json)
        {
            CliOutput.WriteJson(cli.Out, reports.Select(r => new
            {
                r.Name, r.Title, r.Description, r.TakesMonth, r.TakesDays, defaultDays = r.TakesDays ? r.DefaultDays : (int?)null, r.ByManager,
            }).ToList());
            return BackOfficeCli.Ok;
        }
        var table = new Table().AddColumns("Report", "Title", "Options", "What it lists");
        foreach (var r in reports)
        {
            var options = new List<string> { "--as-of" };
            if (r.ByManager) options.Add("--manager");
            if (r.TakesMonth) options.Add("--month");
            if (r.TakesDays) options.Add(string.Create(CultureInfo.InvariantCulture, $"--days ({r.DefaultDays})"));
            table.AddRow(r.Name, CliOutput.Text(r.Title), string.Join(" ", options), CliOutput.Text(r.Description));
        }
        var console = CliOutput.Console(cli.Out);
        console.Write(table);
        console.WriteLine("Each writes --out FILE.xlsx (a sheet per manager and a summary) or FILE.csv.");
        return BackOfficeCli.Ok;
    }
}
