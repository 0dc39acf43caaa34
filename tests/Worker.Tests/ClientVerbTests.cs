using System.Text.Json;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

public class ClientVerbTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly string[] Tables = ["clients", "client_notes", "services", "invoices"];

    Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = ConnectionString };

    async Task<CliRun> Run(params string[] args) => await CliRun.Of(Config, args);

    [Fact]
    public async Task Demo_data_then_client_show_json_prints_the_seed_client_with_zero_figures()
    {
        var load = await Run("demo-data");
        Assert.True(load.ExitCode == 0, load.ToString());
        var show = await Run("client", "show", "7583", "--json");
        Assert.True(show.ExitCode == 0, show.ToString());

        using var json = JsonDocument.Parse(show.Out);
        var client = json.RootElement.GetProperty("client");
        Assert.Equal(7583, client.GetProperty("id").GetInt32());
        Assert.Equal("ООО «Фабрика Бизнеса»", client.GetProperty("companyName").GetString());
        Assert.Equal("7708305901", client.GetProperty("inn").GetString());
        Assert.Equal("Камышина Екатерина", client.GetProperty("salesManager").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("paid").GetProperty("count").GetInt32());
        Assert.Equal(0m, json.RootElement.GetProperty("unpaid").GetProperty("sum").GetDecimal());
        Assert.Equal(0, json.RootElement.GetProperty("ticketsTotal").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("services").EnumerateArray().Sum(s => s.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Client_verbs_add_edit_list_and_show_in_a_table()
    {
        var add = await Run("client", "add", "--first-name", "Вадим", "--company", "ООО \"ВМС-ГРУПП\"", "--email", "asm-12@bk.ru",
            "--inn", "7708318386", "--kpp", "770801001");
        Assert.True(add.ExitCode == 0, add.ToString());
        var id = add.Out.Split('#', ' ')[3];

        var edit = await Run("client", "edit", id, "--kpp", "772101001", "--by", "ekamyshina");
        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Equal(1, await CountAsync("client_notes", "important and author = 'ekamyshina' and body like '%770801001 → 772101001%'"));

        var list = await Run("client", "list", "--search", "ВМС");
        Assert.Contains($"#{id}", list.Out);
        Assert.Contains("asm-12@bk.ru", list.Out);

        var show = await Run("client", "show", id);
        Assert.Contains("772101001", show.Out);
        Assert.Contains("Оплачено", show.Out);
    }

    [Theory]
    [InlineData(2, "digit 10", "client", "add", "--first-name", "X", "--email", "x@example.ru", "--inn", "7708305900")]
    [InlineData(2, "must be 9 characters", "client", "add", "--first-name", "X", "--email", "x@example.ru", "--kpp", "7708")]
    [InlineData(1, "client #7583", "client", "add", "--first-name", "X", "--email", "S.Sarkisov@Oteli-Apelsin.RU")]
    [InlineData(1, "no client #424242", "client", "show", "424242")]
    [InlineData(1, "no client #424242", "client", "edit", "424242", "--phone", "1")]
    [InlineData(2, "Cannot parse argument 'abc'", "client", "show", "abc")]
    [InlineData(2, "--email", "client", "add", "--first-name", "X")]
    [InlineData(2, "Unrecognized command or argument", "client", "frobnicate")]
    [InlineData(2, "digit 12", "client", "edit", "7583", "--inn", "504701234506")]
    public async Task Bad_input_gets_a_clear_error_and_exit_code_and_changes_nothing(int exitCode, string message, params string[] args)
    {
        Assert.Equal(0, (await Run("demo-data")).ExitCode);
        var before = await SnapshotAsync(Tables);
        var r = await Run(args);
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Contains(message, r.Err);
        Assert.Equal(before, await SnapshotAsync(Tables));
    }

    [Fact]
    public async Task Staff_and_organisations_are_listed()
    {
        Assert.Equal(0, (await Run("demo-data")).ExitCode);
        var staff = await Run("staff", "list", "--json");
        using var s = JsonDocument.Parse(staff.Out);
        Assert.Contains(s.RootElement.GetProperty("staff").EnumerateArray(), x => x.GetProperty("fullName").GetString() == "Камышина Екатерина");
        Assert.Equal(["Бухгалтерия", "Продажи", "Техническая поддержка"],
            s.RootElement.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("name").GetString()!).Order().ToArray());

        var orgs = await Run("org", "list");
        Assert.Contains("Формула ИТ", orgs.Out);
        Assert.Contains("40702810502080001823", orgs.Out);
        Assert.Contains("без НДС", orgs.Out);
    }
}
