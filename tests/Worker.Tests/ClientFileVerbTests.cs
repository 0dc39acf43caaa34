using System.Globalization;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

public class ClientFileVerbTests(PostgresCluster cluster) : VerbTest(cluster)
{
    [Fact]
    public async Task Client_show_lists_services_open_invoices_the_balance_net_of_partial_payments_and_notes_important_first()
    {
        var number = await PublishedInvoiceAsync("1 660,00");
        await PublishedInvoiceAsync("340,00");
        await Ok("payments", "record", "--invoice", number.ToString(CultureInfo.InvariantCulture), "--amount", "1 000,00", "--method", "наличные");
        await Ok("client", "note", "7583", "обычная заметка");
        await Ok("client", "note", "7583", "не звонить до обеда", "--important");

        var show = await JsonOf("client", "show", "7583");
        Assert.Equal(5, show.GetProperty("heldServices").GetArrayLength());
        Assert.Equal(2, show.GetProperty("openInvoices").GetArrayLength());
        Assert.Equal(1000m, show.GetProperty("balanceDue").GetDecimal());
        var notes = show.GetProperty("notes").EnumerateArray().ToList();
        Assert.True(notes.Count >= 2);
        var firstPlain = notes.FindIndex(n => !n.GetProperty("important").GetBoolean());
        Assert.True(firstPlain > 0);
        Assert.All(notes.Skip(firstPlain), n => Assert.False(n.GetProperty("important").GetBoolean()));
        Assert.Equal("не звонить до обеда", notes[0].GetProperty("body").GetString());
        Assert.Contains(notes, n => n.GetProperty("body").GetString() == "обычная заметка");

        var text = await Ok("client", "show", "7583");
        Assert.Contains("К оплате по открытым счетам: 1 000,00 руб.", text.Out);
        Assert.Contains("660,00 руб.", text.Out);
        Assert.Contains("БИТ:Отель 8. ПРОФ", text.Out);
        Assert.Contains("! 05.02.2019 16:00 Кучеренко Диана", text.Out); // stored as 16:00 Moscow time, printed as such
        Assert.True(text.Out.IndexOf("не звонить до обеда", StringComparison.Ordinal) < text.Out.IndexOf("обычная заметка", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_list_finds_by_manager_and_by_1c_contractor_code()
    {
        var byManager = await JsonOf("client", "list", "--manager", "ubestuzheva");
        Assert.Equal([708, 4314, 9021], byManager.EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray());
        var byName = await JsonOf("client", "list", "--manager", "Бестужева Юлия", "--search", "ВМС");
        Assert.Equal(4314, Assert.Single(byName.EnumerateArray()).GetProperty("id").GetInt32());

        var byCode = await JsonOf("client", "list", "--contractor-code", "00-007583");
        Assert.Equal(7583, Assert.Single(byCode.EnumerateArray()).GetProperty("id").GetInt32());
        var searched = await JsonOf("client", "list", "--search", "00-012460");
        Assert.Equal(12460, Assert.Single(searched.EnumerateArray()).GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData(1, "There is no staff member 'nobody'", "client", "list", "--manager", "nobody")]
    [InlineData(1, "There is no client #424242", "client", "show", "424242")]
    [InlineData(1, "There is no client #424242", "client", "note", "424242", "x")]
    public async Task Bad_input_is_refused_in_one_line_and_changes_nothing(int exitCode, string message, params string[] args) =>
        await Refused(exitCode, message, args);
}
