using System.CommandLine;
using BackOffice.Ledger;
using BackOffice.Ledger.Documents;
using BackOffice.Ledger.Text;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Worker.Cli;

/// <summary>The «Счет на оплату» document: written to a file (and, with the invoice mail, sent again).</summary>
static class InvoiceDocumentVerbs
{
    public static void AddTo(Command invoices, BackOfficeCli cli)
    {
        invoices.Add(Pdf(cli));
        invoices.Add(Send(cli));
        invoices.Add(Unmailed(cli));
    }

    static Command Send(BackOfficeCli cli)
    {
        var number = new Argument<long>("number") { Description = "Invoice number" };
        var by = new Option<string>("--by") { Description = "Who asks (recorded with the mail)", DefaultValueFactory = _ => Environment.UserName };
        var cmd = new Command("send", "Mail the invoice's PDF to the client again (its address and the contacts who receive invoices); recorded.") { number, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var result = await services.GetRequiredService<InvoiceMailer>().ResendAsync(parse.GetValue(number), parse.GetValue(by)!, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, result);
            else cli.Out.WriteLine($"Invoice № {result.Number} queued to {string.Join(", ", result.To)} (sent by the outgoing mail sender).");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Unmailed(BackOfficeCli cli)
    {
        var cmd = new Command("unmailed", "Open invoices whose mail was kept back (no usable address, the client asked for none), with the client's manager.");
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var problems = await services.GetRequiredService<InvoiceMailer>().ProblemsAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, problems);
            else
            {
                foreach (var p in problems)
                    cli.Out.WriteLine($"№ {p.Number}  client #{p.ClientId} {p.ClientName}  manager: {p.Manager ?? "—"}  {p.Problem}");
                cli.Out.WriteLine($"{problems.Count} invoice(s) not mailed.");
            }
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Pdf(BackOfficeCli cli)
    {
        var number = new Argument<long>("number") { Description = "Invoice number (the one 1C carries)" };
        var output = new Option<string?>("--out") { Description = "The PDF file to write (default: «Счет на оплату № N.pdf» here)" };
        var cmd = new Command("pdf", "Write the invoice as the «Счет на оплату» form with its payment QR code (A4 PDF).") { number, output };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var n = parse.GetValue(number);
            var path = Path.GetFullPath(parse.GetValue(output) is { Length: > 0 } o ? o : InvoiceDocuments.FileName(n));
            if (Directory.Exists(path)) throw new InvalidInput("--out", $"--out: {path} is a folder; name the file to write.");
            var (document, pdf) = await services.GetRequiredService<InvoiceDocuments>().RenderAsync(n, ct);
            // Written beside and moved, so that a reader never sees half a document.
            var partial = path + ".partial";
            await File.WriteAllBytesAsync(partial, pdf, ct);
            File.Move(partial, path, overwrite: true);
            if (parse.GetValue(BackOfficeCli.Json))
                CliOutput.WriteJson(cli.Out, new { number = n, file = path, bytes = pdf.Length, toPay = document.ToPay, qr = PaymentQr.Payload(document) });
            else
                cli.Out.WriteLine($"{InvoicePdf.TitleOf(document)}: {BusinessText.FormatMoney(document.ToPay)} → {path} ({pdf.Length / 1024} KB)");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }
}
