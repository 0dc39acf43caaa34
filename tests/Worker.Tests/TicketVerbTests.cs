using System.Text.Json;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

public class TicketVerbTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = ConnectionString };

    async Task SeedAsync()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        await using var conn = await Db.OpenConnectionAsync();
        // A ticket two hours past its due time, and one far from it.
        await conn.ExecuteAsync("""
            insert into tickets (number, client_id, department_id, subject, status, sla_due_at, opened_by_address)
            select 200001, id, 1, 'Не открывается 1С', 'open', now() - interval '2 hours', email from clients order by id limit 1;
            insert into tickets (number, department_id, subject, status, sla_due_at) values (200002, 1, 'Вопрос', 'open', now() + interval '1 day');
            insert into ticket_messages (ticket_id, kind, from_address, body_text, message_id)
            select id, 'client', opened_by_address, 'Ошибка при входе', 'c1@client.example' from tickets where number = 200001;
            """);
    }

    [Fact]
    public async Task List_breaching_show_note_reply_and_close_through_the_command_line()
    {
        await SeedAsync();
        var breaching = await CliRun.Of(Config, "tickets", "list", "--breaching", "--json");
        Assert.True(breaching.ExitCode == 0, breaching.ToString());
        using (var json = JsonDocument.Parse(breaching.Out))
        {
            var only = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(200001, only.GetProperty("number").GetInt32());
            Assert.Equal("breached", only.GetProperty("sla").GetString());
        }

        Assert.Equal(0, (await CliRun.Of(Config, "tickets", "note", "200001", "--text", "Проверить сервер", "--by", "vdubikhin")).ExitCode);
        var reply = await CliRun.Of(Config, "tickets", "reply", "200001", "--text", "Исправили", "--by", "vdubikhin");
        Assert.True(reply.ExitCode == 0, reply.ToString());
        Assert.Equal(0, (await CliRun.Of(Config, "tickets", "priority", "200001", "high", "--by", "vdubikhin")).ExitCode);
        var show = await CliRun.Of(Config, "tickets", "show", "200001", "--json");
        using (var json = JsonDocument.Parse(show.Out))
        {
            var root = json.RootElement;
            Assert.Equal("answered", root.GetProperty("ticket").GetProperty("status").GetString());
            Assert.Equal("high", root.GetProperty("ticket").GetProperty("priority").GetString());
            Assert.Equal(["client", "note", "staff"], root.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("kind").GetString()));
        }
        Assert.Equal(1, await CountAsync("outgoing_mail", "kind = 'ticket_reply' and subject = 'Re: Не открывается 1С [#200001]'"));
        Assert.Empty(JsonDocument.Parse((await CliRun.Of(Config, "tickets", "list", "--breaching", "--json")).Out).RootElement.EnumerateArray());

        Assert.Equal(0, (await CliRun.Of(Config, "tickets", "close", "200001", "--by", "vdubikhin")).ExitCode);
        var again = await CliRun.Of(Config, "tickets", "close", "200001", "--by", "vdubikhin");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("Ticket #200001 is already closed.", again.Err);
    }

    [Fact]
    public async Task A_bad_priority_is_refused_with_exit_2_and_changes_nothing()
    {
        await SeedAsync();
        var before = await SnapshotAsync("tickets", "ticket_events");
        var r = await CliRun.Of(Config, "tickets", "priority", "200001", "urgent", "--by", "vdubikhin");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'urgent' is not a priority: low, medium or high.", r.Err);
        Assert.Equal(before, await SnapshotAsync("tickets", "ticket_events"));
    }

    [Fact]
    public async Task Mail_fetch_without_a_mailbox_says_which_key_to_set()
    {
        var r = await CliRun.Of(Config, "mail", "fetch");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("BackOffice:Mail:ImapHost", r.Err);
    }
}
