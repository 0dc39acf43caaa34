using System.CommandLine;
using System.Globalization;
using BackOffice.Ledger.Billing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>Services by hand: list a client's, show one with its history, suspend, unsuspend, terminate, override.</summary>
static class ServiceVerbs
{
    static readonly Argument<int> Service = new("service") { Description = "Service id" };

    public static Command Build(BackOfficeCli cli)
    {
        var services = new Command("services", "Services: list, show, suspend, unsuspend, terminate, override (no suspension until a date).");
        services.Add(List(cli));
        services.Add(Show(cli));
        services.Add(Change(cli, "suspend", "Suspend an active service.", (b, id, r, by, d, ct) => b.SuspendAsync(id, r, by, d, ct)));
        services.Add(Change(cli, "unsuspend", "Make a suspended service active again.", (b, id, r, by, d, ct) => b.UnsuspendAsync(id, r, by, d, ct)));
        services.Add(Change(cli, "terminate", "End an active or suspended service.", (b, id, r, by, d, ct) => b.TerminateAsync(id, r, by, d, ct)));
        services.Add(Override(cli));
        return services;
    }

    static Command List(BackOfficeCli cli)
    {
        var client = new Argument<int>("client") { Description = "Client id" };
        var cmd = new Command("list", "A client's services: product, cycle, amount, next due date, status.") { client };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var rows = await services.GetRequiredService<ServiceBook>().ListAsync(parse.GetValue(client), ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, rows);
                return BackOfficeCli.Ok;
            }
            var console = CliOutput.Console(cli.Out);
            console.Write(Table(rows));
            console.WriteLine($"{rows.Count} service(s)");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    internal static Table Table(IEnumerable<ServiceRow> rows)
    {
        var t = new Table().AddColumns("#", "Продукт", "Опции", "Цикл", "Сумма", "Следующая оплата", "Статус", "Не приостанавливать до");
        foreach (var s in rows)
            t.AddRow(s.Id.ToString(CultureInfo.InvariantCulture), CliOutput.Text(s.Product), CliOutput.Text(s.Options), s.Cycle, CliOutput.Money(s.RecurringAmount),
                CliOutput.Date(s.NextDueDate), s.Status, CliOutput.Date(s.SuspendOverrideUntil));
        return t;
    }

    static Command Show(BackOfficeCli cli)
    {
        var cmd = new Command("show", "A service with its options and history.") { Service };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var d = await services.GetRequiredService<ServiceBook>().ShowAsync(parse.GetValue(Service), ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, d);
                return BackOfficeCli.Ok;
            }
            var s = d.Service;
            cli.Out.WriteLine($"Услуга #{s.Id}: {s.Product} — клиент #{s.ClientId} {d.ClientName}");
            cli.Out.WriteLine($"Статус: {s.Status}   Цикл: {s.Cycle}   Сумма: {CliOutput.Money(s.RecurringAmount)}   " +
                              $"Дата регистрации: {CliOutput.Date(s.RegistrationDate)}   Следующая оплата: {CliOutput.Date(s.NextDueDate)}");
            if (s.SuspendOverrideUntil is { } until) cli.Out.WriteLine($"Не приостанавливать до: {CliOutput.Date(until)}");
            foreach (var o in d.Options) cli.Out.WriteLine($"  {o.Name}: {o.Quantity} {o.Unit}");
            if (d.History.Count > 0) cli.Out.WriteLine("История:");
            foreach (var h in d.History)
                cli.Out.WriteLine($"  {CliOutput.Date(h.At)} {h.What}{(h.Reason is { } r ? $": {r}" : "")}{(h.By is { } by ? $" — {by}" : "")}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    delegate Task<ServiceChange> Action(ServiceBook book, int id, string reason, string by, bool dryRun, CancellationToken ct);

    static Command Change(BackOfficeCli cli, string verb, string description, Action act)
    {
        var reason = CliOptions.Reason();
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command(verb, description) { Service, reason, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var r = await act(services.GetRequiredService<ServiceBook>(), parse.GetValue(Service), parse.GetValue(reason)!, parse.GetValue(by)!,
                parse.GetValue(dryRun), ct);
            Print(cli, parse, r);
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static void Print(BackOfficeCli cli, ParseResult parse, ServiceChange r)
    {
        if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, r);
        else cli.Out.WriteLine($"Service #{r.ServiceId}: {r.StatusBefore} → {r.StatusAfter}" +
                               (r.SuspendOverrideUntil is { } u ? $", no suspension until {CliOutput.Date(u)}" : "") + "." + CliOptions.DryRunNote(r.DryRun));
    }

    static Command Override(BackOfficeCli cli)
    {
        var until = CliValues.Date("--until", "No automatic suspension until this date");
        var clear = new Option<bool>("--clear") { Description = "Remove the override" };
        var reason = CliOptions.Reason();
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command("override", "No automatic suspension of the service until a date («Не приостанавливать до»).") { Service, until, clear, reason, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            if (parse.GetValue(until) is null == !parse.GetValue(clear))
                throw new BackOffice.Ledger.InvalidInput("until", "Give either --until DATE or --clear.");
            var r = await services.GetRequiredService<ServiceBook>().OverrideAsync(parse.GetValue(Service), parse.GetValue(until), parse.GetValue(reason)!,
                parse.GetValue(by)!, parse.GetValue(dryRun), ct);
            Print(cli, parse, r);
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }
}
