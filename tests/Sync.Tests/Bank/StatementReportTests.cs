using System.Text.Json;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

public sealed class StatementReportTests
{
    [Fact]
    public void Report_serialises_header_balance_check_and_documents_as_plain_json()
    {
        var statement = BankSamples.Parse("kilylabs__client-bank-exchange-php__one_day.txt");

        var json = JsonSerializer.Serialize(StatementReport.From(statement));
        using var parsed = JsonDocument.Parse(json);
        var root = parsed.RootElement;

        Assert.Equal("windows-1251", root.GetProperty("Header").GetProperty("DetectedEncoding").GetString());
        Assert.Equal("2016-01-11", root.GetProperty("Header").GetProperty("PeriodFrom").GetString());
        Assert.Equal("10:03:13", root.GetProperty("Header").GetProperty("CreatedAt").GetString());
        var balance = root.GetProperty("Balances")[0];
        Assert.Equal(40000.00m, balance.GetProperty("ComputedIn").GetDecimal());
        Assert.Equal(0m, balance.GetProperty("DifferenceOut").GetDecimal());
        Assert.True(balance.GetProperty("Agrees").GetBoolean());
        Assert.Equal(13, root.GetProperty("DocumentCount").GetInt32());
        var incoming = root.GetProperty("Documents").EnumerateArray().Single(d => d.GetProperty("Number").GetString() == "5");
        Assert.Equal("Incoming", incoming.GetProperty("Direction").GetString());
        Assert.Equal(6000.00m, incoming.GetProperty("Amount").GetDecimal());
        Assert.Equal("2016-01-11", incoming.GetProperty("ExecutionDate").GetString());
        Assert.Equal("123123123", incoming.GetProperty("Payer").GetProperty("Kpp").GetString());
        Assert.Equal("044525176", incoming.GetProperty("Payer").GetProperty("Bic").GetString());
    }

    [Fact]
    public void Own_accounts_given_decide_direction_and_invoice_numbers_are_listed()
    {
        var statement = BankSamples.Parse("OCA__bank-statement-import__1cCBE_exaple.txt");

        var asPayer = StatementReport.From(statement, new HashSet<string> { "40702810000000000041" });
        var asRecipient = StatementReport.From(statement, new HashSet<string> { "40702810300030002521" });

        Assert.All(asPayer.Documents, d => Assert.Equal(Direction.Outgoing, d.Direction));
        var invoice = asRecipient.Documents[1];
        Assert.Equal(Direction.Incoming, invoice.Direction);
        Assert.Equal(["220"], invoice.InvoiceNumbers);
        Assert.Equal(Direction.Unknown, asRecipient.Documents[0].Direction);
        Assert.Equal(-25560m, asPayer.Balances[0].DifferenceOut);
    }
}
