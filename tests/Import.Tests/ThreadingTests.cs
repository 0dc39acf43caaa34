using System.Text;
using BackOffice.Tests.Support;
using BackOffice.Tickets.Mail;
using BackOffice.Tickets.Threading;

namespace BackOffice.Import.Tests;

/// <summary>A client's answer to a mail WHMCS sent years ago ("[Ticket ID: 482913] …") lands on the imported ticket.</summary>
public sealed class ThreadingTests(PostgresCluster cluster, MariaDbServer maria) : WhmcsTest(cluster, maria)
{
    [Fact]
    public async Task A_reply_to_an_old_whmcs_ticket_mail_threads_onto_the_imported_ticket_and_only_from_its_client()
    {
        await ImportAsync();
        var imported = await OneAsync<long>("select id from tickets where number = 482913");

        Assert.Equal(imported, await ThreadOfAsync("s.sarkisov@oteli-apelsin.ru", "Re: [Ticket ID: 482913] Не запускается 1С"));
        // The contact of the client may answer too; a stranger quoting the tag may not (the tag is no key).
        Assert.Equal(imported, await ThreadOfAsync("buh@oteli-apelsin.ru", "RE: [Ticket ID: 482913] Не запускается 1С"));
        Assert.Null(await ThreadOfAsync("someone@example.org", "Re: [Ticket ID: 482913] Не запускается 1С"));
        // A guest ticket threads for the address that opened it.
        Assert.Equal(await OneAsync<long>("select id from tickets where number = 519377"), await ThreadOfAsync("unknown@example.org", "Re: [Ticket ID: 519377] Сверка"));
    }

    async Task<long?> ThreadOfAsync(string from, string subject)
    {
        var raw = Encoding.UTF8.GetBytes(
            $"From: {from}\r\nTo: ok@bit-live.example\r\nSubject: =?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}?=\r\n" +
            $"Message-ID: <{Guid.NewGuid():N}@example.org>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0300\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n\r\nСпасибо\r\n");
        var mail = MailParser.Parse(raw);
        await using var conn = await Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var ids = await SignedMessageIds.LoadAsync(conn, tx, "bit-live.example", default);
        var match = await TicketThreader.FindAsync(conn, tx, mail, ids, default);
        return match.Ticket?.Id;
    }
}
