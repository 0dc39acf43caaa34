using System.Text;
using BackOffice.Tests.Support;
using BackOffice.Tickets.Intake;
using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Outgoing;
using BackOffice.Tickets.Sla;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackOffice.Tickets.Tests;

/// <summary>A fresh database and a fresh mailbox on the real Dovecot per test, and the desk's parts wired as the host wires them.</summary>
public abstract class TicketsTest(PostgresCluster cluster, MailServers mail) : DatabaseTest(cluster)
{
    protected MailServers Mail { get; } = mail;
    protected TestMailbox Box { get; private set; } = null!;
    protected MailOptions Options { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Box = Mail.NewMailbox();
        Options = new MailOptions
        {
            Address = "ok@company.test",
            ImapHost = "127.0.0.1", ImapPort = Box.Port, ImapSecurity = "None", ImapUser = Box.User, ImapPassword = Box.Password,
            SmtpHost = "127.0.0.1", SmtpPort = Mail.SmtpPort, SmtpSecurity = "None",
        };
        await using var conn = await Db.OpenConnectionAsync();
        // The world is not empty: tickets numbered up to 104 120 exist from before.
        await conn.ExecuteAsync("""
            insert into departments (id, name, email) values (1, 'Техническая поддержка', 'support@company.test'), (2, 'Бухгалтерия', 'buh@company.test');
            insert into staff (id, login, full_name, email, department_id) values
                (5, 'vdubikhin', 'Дубихин Владимир', 'vdubikhin@company.test', 1), (6, 'sfedorov', 'Федоров Сергей', 'sfedorov@company.test', 1);
            insert into clients (id, first_name, last_name, company_name, email) values
                (7583, 'Ирина', 'Смирнова', 'ООО «Фабрика Бизнеса»', 'Buh@Fabrika.example'),
                (7584, 'Олег', 'Кузнецов', 'ООО «Ромашка»', 'oleg@romashka.example');
            insert into client_contacts (client_id, name, email) values (7583, 'Пётр Бухгалтер', 'petr@fabrika.example');
            insert into tickets (number, client_id, department_id, subject, status) values (104120, 7584, 1, 'Старое обращение', 'closed');
            select setval('ticket_numbers', 104121, false);
            """);
    }

    protected IOptions<MailOptions> Opt => Microsoft.Extensions.Options.Options.Create(Options);

    protected SlaOptions SlaSettings { get; } = new();
    protected SlaClock Sla => new(Microsoft.Extensions.Options.Options.Create(SlaSettings));
    protected MessageTaker Taker() => new(Db, Opt, Clock, new TicketMail(Opt, Sla, Desk()));
    protected TicketDesk Desk() => new(Db, Opt, Clock, Sla);
    protected MailSender Sender(string instance = "test") => new(Db, Opt, Clock, NullLogger<MailSender>.Instance) { Instance = instance };

    protected MailIntake Intake(ILogger<MailIntake>? log = null) => new(Db, Opt, Taker(), log ?? NullLogger<MailIntake>.Instance);

    long _uid;

    /// <summary>Takes one message the way the intake does (its own transaction), without the IMAP round trip.</summary>
    protected Task<TakeResult> TakeAsync(byte[] raw) => Taker().TakeAsync(new IncomingMail("test", 1, Interlocked.Increment(ref _uid), raw), default);

    protected async Task<(string Status, int Messages, DateTime? ClosedAt)> TicketAsync(int number)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(string, int, DateTime?)>(
            "select status, (select count(*)::int from ticket_messages m where m.ticket_id = t.id), closed_at from tickets t where number = @number", new { number });
    }

    protected static byte[] Message(string from, string subject, string body, string? messageId = null, string? inReplyTo = null,
        string? references = null, string extraHeaders = "", string to = "ok@company.test")
    {
        var sb = new StringBuilder();
        sb.Append($"From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Mon, 23 Nov 2026 09:00:00 +0300\r\n");
        if (messageId is not null) sb.Append($"Message-ID: <{messageId}>\r\n");
        if (inReplyTo is not null) sb.Append($"In-Reply-To: <{inReplyTo}>\r\n");
        if (references is not null) sb.Append($"References: {references}\r\n");
        sb.Append(extraHeaders);
        sb.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        sb.Append(body.Replace("\n", "\r\n")).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    protected async Task<List<(int Number, string Subject, int? ClientId, bool Unverified, string Status)>> TicketsAsync()
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.QueryAsync<(int, string, int?, bool, string)>(
            "select number, subject, client_id, unverified, status from tickets where number > 104120 order by number")).ToList();
    }
}
