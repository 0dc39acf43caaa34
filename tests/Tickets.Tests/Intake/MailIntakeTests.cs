using BackOffice.Tests.Support;
using BackOffice.Tickets.Intake;
using Dapper;
using MailKit.Net.Imap;

namespace BackOffice.Tickets.Tests.Intake;

public sealed class MailIntakeTests(PostgresCluster cluster, MailServers mail) : TicketsTest(cluster, mail)
{
    static IEnumerable<byte[]> Batch(int count) => Enumerable.Range(1, count).Select(i =>
        Message($"Client {i} <c{i}@clients.example>", $"Вопрос {i}", $"Текст письма {i}", messageId: $"m{i}@clients.example"));

    [Fact]
    public async Task Each_message_becomes_a_ticket_kept_raw_and_is_moved_to_Processed_after_commit()
    {
        await Mail.DeliverAsync(Box, Batch(5));
        var summary = await Intake().FetchAsync(default);

        Assert.Equal(5, summary.Taken);
        var tickets = await TicketsAsync();
        Assert.Equal(Enumerable.Range(104121, 5), tickets.Select(t => t.Number));
        Assert.All(tickets, t => Assert.True(t.Unverified));
        Assert.Equal((0, 5), await Mail.CountAsync(Box));
        await using var conn = await Db.OpenConnectionAsync();
        Assert.Equal(5, await conn.ExecuteScalarAsync<int>("select count(*) from mail_intake where raw is not null and length(raw) = size and ticket_id is not null"));
        Assert.Equal(5, await conn.ExecuteScalarAsync<int>("select count(*) from ticket_messages where message_id like 'm%@clients.example'"));
        var checkpoint = await conn.QuerySingleAsync<(long, long)>("select uid_validity, last_uid from mail_checkpoints");
        Assert.Equal(5, checkpoint.Item2);
    }

    [Fact]
    public async Task A_connection_dropped_between_commit_and_move_loses_and_doubles_nothing()
    {
        await Mail.DeliverAsync(Box, Batch(10));
        var intake = Intake();
        intake.AfterCommit = async (n, imap) =>
        {
            if (n == 4) await imap.DisconnectAsync(false); // the link drops after the 4th commit, before its move
        };
        await Assert.ThrowsAnyAsync<Exception>(() => intake.FetchAsync(default));
        Assert.Equal(4, (await TicketsAsync()).Count);
        Assert.Equal((10, 0), await Mail.CountAsync(Box)); // committed, not yet moved (moves go in groups after their commits)

        var rerun = await Intake().FetchAsync(default);
        Assert.Equal(6, rerun.Taken);
        Assert.Equal(0, rerun.Duplicates); // the first four are known by the checkpoint and only moved
        var tickets = await TicketsAsync();
        Assert.Equal(10, tickets.Count);
        Assert.Equal(10, tickets.Select(t => t.Subject).Distinct().Count());
        Assert.Equal((0, 10), await Mail.CountAsync(Box));
    }

    [Fact]
    public async Task A_crash_inside_a_message_rolls_it_back_and_the_rerun_takes_it()
    {
        await Mail.DeliverAsync(Box, Batch(6));
        using var cts = new CancellationTokenSource();
        var intake = Intake();
        intake.AfterCommit = (n, _) =>
        {
            if (n == 2) cts.Cancel(); // the process is told to stop while the 3rd message is on its way in
            return Task.CompletedTask;
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => intake.FetchAsync(cts.Token));
        Assert.Equal(2, (await TicketsAsync()).Count);

        await Intake().FetchAsync(default);
        Assert.Equal(6, (await TicketsAsync()).Count);
        Assert.Equal(6, await CountAsync("mail_intake"));
        Assert.Equal((0, 6), await Mail.CountAsync(Box));
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_taken_once_with_or_without_Message_ID()
    {
        var withId = Message("c@clients.example", "Один раз", "text", messageId: "once@clients.example");
        var withoutId = Message("d@clients.example", "Без Message-ID", "text");
        await Mail.DeliverAsync(Box, [withId, withoutId, withId, withoutId]);
        var summary = await Intake().FetchAsync(default);

        Assert.Equal(2, summary.Taken);
        Assert.Equal(2, summary.Duplicates);
        Assert.Equal(["Один раз", "Без Message-ID"], (await TicketsAsync()).Select(t => t.Subject));
        Assert.Equal((0, 4), await Mail.CountAsync(Box));
    }

    [Fact]
    public async Task Same_Message_ID_with_different_content_is_kept_and_flagged()
    {
        await Mail.DeliverAsync(Box, [
            Message("c@clients.example", "Накладная", "первый текст", messageId: "reused@shop.example"),
            Message("c@clients.example", "Накладная", "совсем другой текст", messageId: "reused@shop.example"),
        ]);
        await Intake().FetchAsync(default);

        await using var conn = await Db.OpenConnectionAsync();
        var messages = (await conn.QueryAsync<(string Body, string? Flag)>(
            "select body_text, flag from ticket_messages where message_id = 'reused@shop.example' order by id")).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Null(messages[0].Flag);
        Assert.Equal("совсем другой текст", messages[1].Body);
        Assert.Contains("the same Message-ID as message", messages[1].Flag);
    }

    [Fact]
    public async Task IMAP_server_down_fails_the_fetch_and_changes_nothing()
    {
        Options.ImapPort = 1; // nothing listens there
        var before = await SnapshotAsync("tickets", "mail_intake", "mail_checkpoints", "ticket_messages");
        var e = await Assert.ThrowsAnyAsync<Exception>(() => Intake().FetchAsync(default));
        Assert.IsAssignableFrom<System.Net.Sockets.SocketException>(e);
        Assert.Equal(before, await SnapshotAsync("tickets", "mail_intake", "mail_checkpoints", "ticket_messages"));
    }

    [Fact]
    public async Task The_scheduled_run_logs_an_IMAP_outage_and_takes_the_mail_when_the_server_is_back()
    {
        await Mail.DeliverAsync(Box, Batch(2));
        var port = Options.ImapPort;
        Options.ImapPort = 1;
        var log = new ListLogger<MailPolling>();
        var polling = new MailPolling(Intake(), log);
        Assert.Null(await polling.RunAsync(default));
        Assert.Contains(log.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Text.Contains("Mail intake failed, retried at the next run"));
        Assert.Empty(await TicketsAsync());

        Options.ImapPort = port; // the server is back: the next run takes everything
        var summary = await new MailPolling(Intake(), log).RunAsync(default);
        Assert.Equal(2, summary!.Taken);
        Assert.Equal(2, (await TicketsAsync()).Count);
    }

    [Fact]
    public async Task A_30_MB_attachment_is_refused_as_a_note_and_the_rest_of_the_message_is_taken()
    {
        var big = new byte[30 * 1024 * 1024];
        new Random(7).NextBytes(big);
        var raw = System.Text.Encoding.ASCII.GetBytes(
            "From: buh@fabrika.example\r\nTo: ok@company.test\r\nSubject: Выгрузка базы\r\nMessage-ID: <big@fabrika.example>\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n") .Concat(
            System.Text.Encoding.UTF8.GetBytes("Высылаю базу и акт.\r\n--b\r\nContent-Type: application/octet-stream; name=base.dt\r\n" +
            "Content-Disposition: attachment; filename=base.dt\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            Convert.ToBase64String(big, Base64FormattingOptions.InsertLineBreaks) +
            "\r\n--b\r\nContent-Type: text/plain; name=act.txt\r\nContent-Disposition: attachment; filename=act.txt\r\n\r\nакт\r\n--b--\r\n")).ToArray();
        await Mail.DeliverAsync(Box, [raw]);
        var summary = await Intake().FetchAsync(default);

        var result = Assert.Single(summary.Results);
        await using var conn = await Db.OpenConnectionAsync();
        var messages = (await conn.QueryAsync<(string Kind, string Body)>(
            "select kind, body_text from ticket_messages where ticket_id = @TicketId order by id", result)).ToList();
        Assert.Equal("Высылаю базу и акт.", messages[0].Body);
        Assert.Equal("system", messages[1].Kind);
        Assert.Contains("«base.dt» (31", messages[1].Body);
        Assert.Contains("не принято: больше предела 10", messages[1].Body);
        Assert.Equal(["act.txt"], await conn.QueryAsync<string>("select file_name from ticket_attachments"));
        Assert.True(await conn.ExecuteScalarAsync<int>("select size from mail_intake") > 40_000_000); // the raw message is kept whole
        Assert.Equal((0, 1), await Mail.CountAsync(Box));
    }

    [Fact]
    public async Task One_reader_per_mailbox_and_the_lock_is_let_go_after_each_run()
    {
        await Mail.DeliverAsync(Box, Batch(3));
        await using (var holder = await Db.OpenConnectionAsync())
        {
            // Another instance is reading this mailbox: this run leaves it alone.
            await holder.ExecuteAsync("select pg_advisory_lock(hashtext('mail-intake:' || @key))", new { key = Intake().MailboxKey });
            Assert.Equal(0, (await Intake().FetchAsync(default)).Seen);
            await holder.ExecuteAsync("select pg_advisory_unlock_all()");
        }
        Assert.Equal(3, (await Intake().FetchAsync(default)).Taken);
        await Mail.DeliverAsync(Box, [Message("late@clients.example", "Позже", "text", messageId: "late@clients.example")]);
        Assert.Equal(1, (await Intake().FetchAsync(default)).Taken); // the first run's lock did not stay behind in the pool
        await using var conn = await Db.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("select count(*) from pg_locks where locktype = 'advisory'"));
    }
}
