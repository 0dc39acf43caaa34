using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

public class ServiceVerbTests(PostgresCluster cluster) : VerbTest(cluster)
{
    [Fact]
    public async Task A_service_is_listed_suspended_unsuspended_overridden_and_terminated_with_its_history()
    {
        var list = await JsonOf("services", "list", "7583");
        Assert.Equal(5, list.GetArrayLength());
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetInt32() == 20806 && s.GetProperty("product").GetString() == "БИТ:Отель 8. ПРОФ");
        Assert.Contains("БИТ:Отель 8. ПРОФ", (await Ok("services", "list", "7583")).Out);
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetInt32() == 20804 && s.GetProperty("options").GetString() == "Количество пользователей: 5");

        var before = await SnapshotAsync(LedgerTables);
        var rehearsal = await Ok("services", "suspend", "20806", "--reason", "долг", "--dry-run");
        Assert.Contains("active → suspended", rehearsal.Out);
        Assert.Equal(before, await SnapshotAsync(LedgerTables));

        await Ok("services", "suspend", "20806", "--reason", "долг по счёту", "--by", "ekamyshina");
        Assert.Equal("suspended", await StatusAsync(20806));
        await Ok("services", "unsuspend", "20806", "--reason", "обещал оплатить");
        var overridden = await JsonOf("services", "override", "20806", "--until", "31.01.2027", "--reason", "гарантийное письмо");
        Assert.Equal("2027-01-31", overridden.GetProperty("suspendOverrideUntil").GetString());
        await Ok("services", "terminate", "20806", "--reason", "отказ от услуги");
        Assert.Equal(1, await CountAsync("outbox", "kind = 'service.terminated' and aggregate_id = 20806"));

        var show = await JsonOf("services", "show", "20806");
        Assert.Equal(["active → suspended", "suspended → active", "override", "active → terminated"],
            show.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("what").GetString()!).ToArray());
        Assert.Equal("долг по счёту", show.GetProperty("history")[0].GetProperty("reason").GetString());
        Assert.Equal("Не приостанавливать до 31.01.2027: гарантийное письмо", show.GetProperty("history")[2].GetProperty("reason").GetString());
        var text = await Ok("services", "show", "20806");
        Assert.Contains("Не приостанавливать до: 31.01.2027", text.Out);
        Assert.Contains("гарантийное письмо", text.Out);
    }

    [Fact]
    public async Task Unsuspending_a_terminated_service_is_refused()
    {
        await Ok("services", "terminate", "20806", "--reason", "отказ");
        await Refused(1, "terminated service is not unsuspended", "services", "unsuspend", "20806", "--reason", "ошибка");
        await Refused(1, "terminated service is not unsuspended", "services", "unsuspend", "20806", "--reason", "ошибка", "--dry-run");
    }

    [Theory]
    [InlineData(1, "There is no client #424242", "services", "list", "424242")]
    [InlineData(1, "There is no service #999999", "services", "show", "999999")]
    [InlineData(1, "There is no service #999999", "services", "suspend", "999999", "--reason", "x")]
    [InlineData(1, "There is no service #999999", "services", "unsuspend", "999999", "--reason", "x")]
    [InlineData(1, "There is no service #999999", "services", "terminate", "999999", "--reason", "x")]
    [InlineData(1, "There is no service #999999", "services", "override", "999999", "--until", "2027-01-01", "--reason", "x")]
    [InlineData(1, "is active, not suspended", "services", "unsuspend", "20806", "--reason", "x")]
    [InlineData(2, "Give either --until DATE or --clear", "services", "override", "20806", "--reason", "x")]
    [InlineData(2, "--reason", "services", "suspend", "20806")]
    public async Task Bad_input_is_refused_in_one_line_and_changes_nothing(int exitCode, string message, params string[] args) =>
        await Refused(exitCode, message, args);

    async Task<string?> StatusAsync(int id)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("select status from services where id = @id", new { id });
    }
}
