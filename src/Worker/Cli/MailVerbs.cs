using System.CommandLine;
using BackOffice.Ledger;
using BackOffice.Ledger.Database;
using BackOffice.Tickets;
using BackOffice.Tickets.Intake;
using BackOffice.Tickets.Mail;
using BackOffice.Tickets.Outgoing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackOffice.Worker.Cli;

/// <summary>Support mail (SPEC §4): what the intake would take from a message, and fetching the mailbox.</summary>
public static class MailVerbs
{
    public static Command Build(BackOfficeCli cli)
    {
        var mail = new Command("mail", "Support mail: parse a message, fetch the mailbox, send the outgoing queue.");
        mail.Add(Parse(cli));
        mail.Add(Fetch(cli));
        mail.Add(Send(cli));
        return mail;
    }

    static Command Send(BackOfficeCli cli)
    {
        var cmd = new Command("send", "Send what waits in the outgoing queue (invoices just published, notices, acknowledgements, replies) over SMTP once.");
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var options = services.GetRequiredService<IOptions<MailOptions>>().Value;
            if (!options.SmtpEnabled)
                throw new ConfigurationProblem(MailOptions.Section + ":SmtpHost", "is empty: outgoing mail is off. Set SmtpHost, SmtpPort, SmtpUser, SmtpPassword and Address.");
            await services.GetRequiredService<BackOffice.Ledger.Documents.InvoiceMailer>().QueueDueAsync(ct); // newly published invoices first
            var summary = await services.GetRequiredService<MailSender>().SendPendingAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, summary);
            else cli.Out.WriteLine($"{summary.Claimed} claimed, {summary.Sent} sent, {summary.Failed} left for a retry");
            return summary.Failed == 0 ? BackOfficeCli.Ok : BackOfficeCli.Failed;
        }));
        return cmd;
    }

    static Command Fetch(BackOfficeCli cli)
    {
        var cmd = new Command("fetch", "Read the support mailbox once: each message becomes a ticket or a reply, then moves to Processed.");
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var options = services.GetRequiredService<IOptions<MailOptions>>().Value;
            if (!options.IntakeEnabled)
                throw new ConfigurationProblem(MailOptions.Section + ":ImapHost", "is empty: mail intake is off. Set ImapHost, ImapUser, ImapPassword and Address.");
            var summary = await services.GetRequiredService<MailIntake>().FetchAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, summary);
            else
            {
                foreach (var r in summary.Results)
                    cli.Out.WriteLine(r.TicketNumber is { } n ? $"{r.Outcome}: ticket #{n}{(r.Note is null ? "" : " — " + r.Note)}" : $"{r.Outcome}{(r.Note is null ? "" : ": " + r.Note)}");
                cli.Out.WriteLine($"{summary.Seen} message(s) seen, {summary.Taken} taken, {summary.Duplicates} duplicate(s), {summary.Moved} moved to {options.ProcessedFolder}");
            }
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static Command Parse(BackOfficeCli cli)
    {
        var file = new Argument<FileInfo>("file") { Description = "A raw message (.eml, .box)" };
        var cmd = new Command("parse", "Print what the intake would take from a message, without touching the mailbox or the database.") { file };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!.FullName;
            if (!File.Exists(path)) throw new NotFound($"There is no file {path}.");
            var mail = MailParser.ParseFile(path);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, mail);
                return BackOfficeCli.Ok;
            }
            cli.Out.WriteLine($"From:       {mail.FromName} <{mail.From ?? "—"}>");
            cli.Out.WriteLine($"To:         {string.Join(", ", mail.To)}");
            if (mail.Cc.Count > 0) cli.Out.WriteLine($"Cc:         {string.Join(", ", mail.Cc)}");
            cli.Out.WriteLine($"Subject:    {mail.Subject}");
            cli.Out.WriteLine($"Date:       {mail.Date?.ToString("u") ?? "— (the arrival time is used)"}");
            cli.Out.WriteLine($"Message-ID: {mail.MessageId ?? "— (a hash of the bytes is used)"}");
            if (mail.IsAutomatic) cli.Out.WriteLine($"Automatic:  {mail.AutomaticReason}");
            foreach (var a in mail.Attachments) cli.Out.WriteLine($"Attachment: {a.FileName} ({a.ContentType}, {a.Size} bytes)");
            foreach (var r in mail.Repairs) cli.Out.WriteLine($"Repaired:   {r}");
            cli.Out.WriteLine();
            cli.Out.WriteLine(mail.Text);
            return BackOfficeCli.Ok;
        });
        return cmd;
    }
}
