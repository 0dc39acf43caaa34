using System.CommandLine;
using System.Globalization;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>Offline payments, the payments list and refunds (SPEC §1 "Payments, credit and overdue handling").</summary>
static class PaymentVerbs
{
    public static Command Build(BackOfficeCli cli)
    {
        var payments = new Command("payments", "Payments: record an offline payment, list, refund.");
        payments.Add(Record(cli));
        payments.Add(List(cli));
        payments.Add(Refund(cli));
        return payments;
    }

    static Command Record(BackOfficeCli cli)
    {
        var invoice = new Option<long?>("--invoice") { Description = "Invoice number the payment pays (what is left over goes to credit)" };
        var client = new Option<int?>("--client") { Description = "Client id, for money with no invoice: all of it to the client's credit" };
        var amount = CliValues.Money("--amount", "Amount received", required: true);
        var method = new Option<string>("--method") { Description = "How it was paid: cash, card terminal, another system…", Required = true };
        var date = CliValues.Date("--date", "Date received (default today; never in the future)");
        var reference = new Option<string?>("--reference") { Description = "Receipt, slip or transaction number" };
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command("record", "Record an offline payment (cash, card terminal, a payment taken by another system).")
            { invoice, client, amount, method, date, reference, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var r = await services.GetRequiredService<OfflinePayments>().RecordAsync(
                new OfflinePayment(parse.GetValue(date) ?? BusinessDate.Today(services.GetRequiredService<TimeProvider>()), parse.GetValue(amount)!.Value,
                    parse.GetValue(method)!, parse.GetValue(reference))
                {
                    InvoiceNumber = parse.GetValue(invoice), ClientId = parse.GetValue(client),
                }, parse.GetValue(by)!, parse.GetValue(dryRun), ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, r);
            else cli.Out.WriteLine($"Payment #{r.PaymentId} of client #{r.ClientId} {(r.DryRun ? "would be" : "is")} recorded: " +
                                   (r.InvoiceNumber is { } n ? $"{CliOutput.Money(r.ToInvoice)} to invoice № {n} (now {r.InvoiceStatus}), " : "") +
                                   $"{CliOutput.Money(r.ToCredit)} to credit.{CliOptions.DryRunNote(r.DryRun)}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command List(BackOfficeCli cli)
    {
        var client = new Option<int?>("--client") { Description = "Client id" };
        var invoice = new Option<long?>("--invoice") { Description = "Invoice number" };
        var from = CliValues.Date("--from", "Paid on or after");
        var to = CliValues.Date("--to", "Paid on or before");
        var method = new Option<string?>("--method") { Description = "Payment method (as recorded)" };
        var limit = CliOptions.Limit();
        var cmd = new Command("list", "List payments and refunds by client, invoice, period or method, with totals.") { client, invoice, from, to, method, limit };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var listing = await services.GetRequiredService<PaymentList>().ListAsync(new PaymentFilter
            {
                ClientId = parse.GetValue(client), InvoiceNumber = parse.GetValue(invoice), From = parse.GetValue(from), To = parse.GetValue(to),
                Method = parse.GetValue(method), Limit = parse.GetValue(limit) ?? 500,
            }, ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, listing);
                return BackOfficeCli.Ok;
            }
            var t = new Table().AddColumns("#", "Дата", "Вид", "Клиент", "Счёт", "Сумма", "Способ", "Основание", "Возвращено");
            foreach (var p in listing.Payments)
                t.AddRow(p.Id.ToString(CultureInfo.InvariantCulture), CliOutput.Date(p.Date), p.Kind == "refund" ? $"возврат #{p.RefundOf}" : "платёж",
                    CliOutput.Text($"#{p.ClientId} {p.ClientName}"), p.InvoiceNumber is { } n ? $"№ {n}" : "—", CliOutput.Money(p.Amount),
                    CliOutput.Text(p.Method), CliOutput.Text(p.Reference), p.Refunded > 0 ? CliOutput.Money(p.Refunded) : "—");
            var console = CliOutput.Console(cli.Out);
            console.Write(t);
            console.WriteLine($"{listing.Totals.Count} row(s): получено {CliOutput.Money(listing.Totals.Received)}, возвращено {CliOutput.Money(listing.Totals.Refunded)}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Refund(BackOfficeCli cli)
    {
        var payment = new Argument<long?>("payment") { Description = "Payment id (payments list shows them)", Arity = ArgumentArity.ZeroOrOne };
        var credit = new Option<int?>("--credit") { Description = "Instead of a payment: pay back this client's credit (an advance it no longer wants)" };
        var amount = CliValues.Money("--amount", "Part to refund (default: all that is left of the payment; required with --credit)");
        var method = new Option<string?>("--method") { Description = "How the credit goes back (with --credit)" };
        var reference = new Option<string?>("--reference") { Description = "Payment order or receipt of the refund (with --credit)" };
        var reason = new Option<string?>("--reason") { Description = "Why the credit goes back, kept with the credit move (with --credit)" };
        var date = CliValues.Date("--date", "Refund date (default today)");
        var dryRun = CliOptions.DryRun();
        var by = CliOptions.By();
        var cmd = new Command("refund", "Give back all or part of a payment (off its invoice first, then off the credit it left), or --credit: pay back a client's credit.")
            { payment, credit, amount, method, reference, reason, date, dryRun, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var on = parse.GetValue(date) ?? BusinessDate.Today(services.GetRequiredService<TimeProvider>());
            if (parse.GetValue(credit) is { } client)
            {
                if (parse.GetValue(payment) is not null) throw new InvalidInput("payment", "Give a payment id or --credit CLIENT, not both.");
                var c = await services.GetRequiredService<PaymentBook>().RefundCreditAsync(new CreditRefund(client, on,
                    parse.GetValue(amount) ?? throw new InvalidInput("amount", "--credit needs --amount."),
                    parse.GetValue(method) ?? "", parse.GetValue(reason) ?? "", parse.GetValue(reference)), parse.GetValue(by)!, parse.GetValue(dryRun), ct);
                if (parse.GetValue(BackOfficeCli.Json))
                    CliOutput.WriteJson(cli.Out, new { c.RefundId, c.ClientId, c.Amount, balanceBefore = c.CreditBefore, balanceAfter = c.CreditLeft, c.DryRun });
                else cli.Out.WriteLine($"Refund #{c.RefundId} {(c.DryRun ? "would pay" : "pays")} client #{c.ClientId} back {CliOutput.Money(c.Amount)} of credit: " +
                                       $"{CliOutput.Money(c.CreditBefore)} → {CliOutput.Money(c.CreditLeft)}.{CliOptions.DryRunNote(c.DryRun)}");
                return BackOfficeCli.Ok;
            }
            var r = await services.GetRequiredService<PaymentBook>().RefundAsync(
                parse.GetValue(payment) ?? throw new InvalidInput("payment", "Give the payment id to refund, or --credit CLIENT."),
                parse.GetValue(amount), on, parse.GetValue(by)!, parse.GetValue(dryRun), ct);
            if (parse.GetValue(BackOfficeCli.Json))
                CliOutput.WriteJson(cli.Out, new { r.RefundId, r.FromInvoice, r.FromCredit, invoice = r.Invoice.Invoice, r.Invoice.Invoice.BalanceDue, r.DryRun });
            else cli.Out.WriteLine($"Refund #{r.RefundId}{(r.DryRun ? " would take" : ":")} {CliOutput.Money(r.FromInvoice)} off invoice {r.Invoice.Invoice.Title} " +
                                   $"(now {r.Invoice.Invoice.Status}), {CliOutput.Money(r.FromCredit)} off credit.{CliOptions.DryRunNote(r.DryRun)}");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }
}
