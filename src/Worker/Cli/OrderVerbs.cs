using System.CommandLine;
using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Worker.Cli;

/// <summary>Orders (SPEC §1 "Orders"): new services, accept, cancel, fraud, and upgrades through the engine's prorated path.</summary>
static class OrderVerbs
{
    static readonly Argument<int> Order = new("order") { Description = "Order id (the sequential one, not the 10-digit order number)" };

    static readonly Option<string[]> Options = new("--option")
    {
        Description = "Option quantity as OPTION=QTY (with several products: PRODUCT:OPTION=QTY); repeat for more",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Command Build(BackOfficeCli cli)
    {
        var orders = new Command("orders", "Orders: add, show, accept, cancel, fraud, upgrade a service.");
        orders.Add(Add(cli));
        orders.Add(Show(cli));
        orders.Add(Close(cli, "accept", "accepted", "Accept a pending order: its services become active and its invoice is published.",
            (d, id, dryRun, ct) => d.AcceptAsync(id, true, dryRun, ct)));
        orders.Add(Close(cli, "cancel", "cancelled", "Cancel an order: its services are cancelled and its unpaid invoice too.",
            (d, id, dryRun, ct) => d.CancelAsync(id, dryRun, ct)));
        orders.Add(Close(cli, "fraud", "marked fraud", "Mark an order as fraud: as cancel, with status fraud.",
            (d, id, dryRun, ct) => d.MarkFraudAsync(id, dryRun, ct)));
        orders.Add(Upgrade(cli));
        return orders;
    }

    static Command Add(BackOfficeCli cli)
    {
        var client = new Argument<int>("client") { Description = "Client id" };
        var products = new Option<string[]>("--product")
        {
            Description = "Product id, optionally with its cycle: 3 or 3:monthly (free, one_time, monthly, quarterly, semiannual, annual, biennial)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var cycle = new Option<string?>("--cycle") { Description = "Billing cycle of products given without one" };
        var promo = new Option<string?>("--promo") { Description = "Promo code" };
        var method = new Option<string?>("--payment-method") { Description = "Payment method (default: the organisation selling the first product)" };
        var date = CliValues.Date("--date", "Order date (default today)");
        var notes = new Option<string?>("--notes") { Description = "Notes" };
        var dryRun = CliOptions.DryRun();
        var cmd = new Command("add", "Place an order: its services (pending) and a draft invoice; accept it to publish the invoice.")
            { client, products, cycle, Options, promo, method, date, notes, dryRun };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var items = ReadItems(parse.GetValue(products)!, parse.GetValue(cycle), parse.GetValue(Options) ?? []);
            var view = await services.GetRequiredService<OrderDesk>().PlaceAsync(
                new NewOrder(parse.GetValue(client), parse.GetValue(date) ?? BusinessDate.Today(services.GetRequiredService<TimeProvider>()), items)
                {
                    PromoCode = parse.GetValue(promo), PaymentMethod = parse.GetValue(method), Notes = parse.GetValue(notes),
                }, parse.GetValue(dryRun), ct);
            Print(cli, parse, view, "placed");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static List<OrderItem> ReadItems(string[] products, string? cycle, string[] options)
    {
        var items = products.Select(p =>
        {
            var parts = p.Split(':', 2);
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw new InvalidInput("product", $"--product: '{p}' is not a product id (3 or 3:monthly).");
            var c = parts.Length > 1 ? parts[1] : cycle ?? throw new InvalidInput("cycle", $"--product {p}: give its cycle (3:monthly) or --cycle.");
            return (Id: id, Cycle: BillingCycles.Parse(c), Options: new Dictionary<int, int>());
        }).ToList();
        foreach (var text in options)
        {
            var (product, option, quantity) = ReadOption(text, items.Count > 1);
            var index = product is null ? 0 : items.FindIndex(i => i.Id == product);
            if (index < 0) throw new InvalidInput("option", $"--option {text}: product #{product} is not in the order.");
            items[index].Options[option] = quantity;
        }
        return items.Select(i => new OrderItem(i.Id, i.Cycle) { Options = i.Options }).ToList();
    }

    static (int? Product, int Option, int Quantity) ReadOption(string text, bool productNeeded)
    {
        var eq = text.Split('=', 2);
        var key = eq[0].Split(':', 2);
        int? product = null;
        if (eq.Length == 2 && key.Length == 2 && int.TryParse(key[0], CultureInfo.InvariantCulture, out var p)) product = p;
        if (eq.Length != 2 || !int.TryParse(key[^1], CultureInfo.InvariantCulture, out var option) || !int.TryParse(eq[1], CultureInfo.InvariantCulture, out var quantity)
            || (key.Length == 2 && product is null))
            throw new InvalidInput("option", $"--option: '{text}' is not OPTION=QTY (or PRODUCT:OPTION=QTY).");
        if (productNeeded && product is null)
            throw new InvalidInput("option", $"--option {text}: with several products write PRODUCT:OPTION=QTY.");
        return (product, option, quantity);
    }

    static Command Show(BackOfficeCli cli)
    {
        var cmd = new Command("show", "An order with its services and invoice.") { Order };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            Print(cli, parse, await services.GetRequiredService<OrderDesk>().GetAsync(parse.GetValue(Order), ct), null);
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Close(BackOfficeCli cli, string verb, string done, string description, Func<OrderDesk, int, bool, CancellationToken, Task<OrderView>> act)
    {
        var dryRun = CliOptions.DryRun();
        var cmd = new Command(verb, description) { Order, dryRun };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            Print(cli, parse, await act(services.GetRequiredService<OrderDesk>(), parse.GetValue(Order), parse.GetValue(dryRun), ct), done);
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Upgrade(BackOfficeCli cli)
    {
        var service = new Argument<int>("service") { Description = "Service id" };
        var product = new Option<int?>("--product") { Description = "Move to this product" };
        var cycle = new Option<string?>("--cycle") { Description = "Move to this billing cycle" };
        var method = new Option<string?>("--payment-method") { Description = "Payment method of the prorated invoice" };
        var date = CliValues.Date("--date", "Date of the change (default today)");
        var dryRun = CliOptions.DryRun();
        var cmd = new Command("upgrade",
            "Upgrade or downgrade a service (options, product, cycle): a prorated invoice, applied when paid; a downgrade applies at once, its difference to credit.")
            { service, Options, product, cycle, method, date, dryRun };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var options = (parse.GetValue(Options) ?? []).Select(o => ReadOption(o, false)).ToDictionary(o => o.Option, o => o.Quantity);
            var view = await services.GetRequiredService<OrderDesk>().PlaceUpgradeAsync(
                new UpgradeOrder(parse.GetValue(service), parse.GetValue(date) ?? BusinessDate.Today(services.GetRequiredService<TimeProvider>()), options)
                {
                    NewProductId = parse.GetValue(product), NewCycle = parse.GetValue(cycle) is { } c ? BillingCycles.Parse(c) : null,
                    PaymentMethod = parse.GetValue(method),
                }, parse.GetValue(dryRun), ct);
            Print(cli, parse, view, "placed");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static void Print(BackOfficeCli cli, ParseResult parse, OrderView view, string? what)
    {
        if (parse.GetValue(BackOfficeCli.Json))
        {
            CliOutput.WriteJson(cli.Out, view);
            return;
        }
        var o = view.Order;
        var done = what is null ? "" : $" {(view.DryRun ? "would be" : "is")} {what}";
        var invoices = view.Invoices.Count == 0
            ? "no invoice"
            : "invoice(s) " + string.Join(", ", view.Invoices.Select(i => $"{(i.Number is { } n ? $"№ {n}" : $"draft #{i.Id}")} {i.Status} {CliOutput.Money(i.Total)}"));
        cli.Out.WriteLine($"Order #{o.Id} (№ {o.OrderNumber}, {o.Kind}) of client #{o.ClientId}{done}: {o.Status}, " +
                          $"{CliOutput.Money(o.Amount)}, service(s) {string.Join(", ", view.ServiceIds.Select(s => $"#{s}"))}, {invoices}." +
                          CliOptions.DryRunNote(view.DryRun));
    }
}
