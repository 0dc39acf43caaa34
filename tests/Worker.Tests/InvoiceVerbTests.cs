using System.Globalization;
using System.Text.Json;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

public class InvoiceVerbTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = ConnectionString };

    [Fact]
    public async Task Renewals_run_from_the_command_line_once_and_the_invoice_prints_as_text_and_json()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        // The demo's due dates follow today, so run for today with a window that reaches the next first of a month.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var first = await CliRun.Of(Config, "invoices", "renew", "--date", today, "--days", "40", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        using var result = JsonDocument.Parse(first.Out);
        var numbers = result.RootElement.GetProperty("invoiceNumbers").EnumerateArray().Select(n => n.GetInt64()).ToList();
        Assert.NotEmpty(numbers);
        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => (long)n), numbers.Order());

        var again = await CliRun.Of(Config, "invoices", "renew", "--date", today, "--days", "40", "--json");
        using var second = JsonDocument.Parse(again.Out);
        Assert.Empty(second.RootElement.GetProperty("invoiceNumbers").EnumerateArray());
        Assert.Equal(numbers.Count, await CountAsync("invoices"));

        var sarkisov = await CountAsync("invoices", "client_id = 7583");
        Assert.Equal(1, sarkisov);
        var text = await CliRun.Of(Config, "invoices", "show", numbers[0].ToString(CultureInfo.InvariantCulture));
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Итого", text.Out);
        Assert.Contains("К оплате", text.Out);

        var json = await CliRun.Of(Config, "invoices", "show", numbers[0].ToString(CultureInfo.InvariantCulture), "--json");
        using var invoice = JsonDocument.Parse(json.Out);
        var lines = invoice.RootElement.GetProperty("lines").EnumerateArray().ToList();
        var total = invoice.RootElement.GetProperty("invoice").GetProperty("total").GetDecimal();
        Assert.Equal(total, lines.Where(l => l.GetProperty("addsToTotal").GetBoolean()).Sum(l => l.GetProperty("amount").GetDecimal()));
    }

    [Fact]
    public async Task Unknown_invoice_and_bad_date_are_refused()
    {
        var missing = await CliRun.Of(Config, "invoices", "show", "999999");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("999999", missing.Err);
        var bad = await CliRun.Of(Config, "invoices", "renew", "--date", "2019-02-31");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal(0, await CountAsync("invoices"));
    }
}
