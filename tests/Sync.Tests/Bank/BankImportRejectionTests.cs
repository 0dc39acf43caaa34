using System.Text;
using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>Issue 5 "Bad inputs": a clear error, and nothing of the file stored — not even its valid documents before the bad line.</summary>
public sealed class BankImportRejectionTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    async Task<string> RejectedAsync(Func<Task> import)
    {
        var number = await InvoiceAsync(7583, 1000m, new DateOnly(2019, 1, 10));
        Assert.True(number > 0);
        var before = await SnapshotAsync(Money);
        var counts = (await CountAsync("bank_documents"), await CountAsync("payments"), await CountAsync("bank_review_queue"));

        var error = await Assert.ThrowsAsync<StatementRejected>(import);

        Assert.Equal((0L, 0L, 0L), counts);
        Assert.Equal(counts, (await CountAsync("bank_documents"), await CountAsync("payments"), await CountAsync("bank_review_queue")));
        Assert.Equal(before, await SnapshotAsync(Money));
        return error.Message;
    }

    /// <summary>Two good payments (one pays invoice № 1) and then the bad one, so a half import would show.</summary>
    static List<string> Lines(string lastAmount = "10.00", string lastDate = "11.02.2019")
    {
        var lines = StatementLines(new Order("1", 1000m, "Оплата по счету № 1"), new Order("2", 5m, "Оплата"), new Order("3", 10m, "Оплата"));
        var third = lines.FindLastIndex(l => l == "Номер=3");
        lines[third + 1] = $"Дата={lastDate}";
        lines[third + 2] = $"Сумма={lastAmount}";
        return lines;
    }

    Task<ImportSummary> ImportLinesAsync(List<string> lines) => Import.ImportFileAsync(Temp.Write("bad.txt", lines, BankSamples.Cp1251), "treasury");

    [Fact]
    public async Task A_truncated_file()
    {
        var lines = Lines();
        lines.RemoveAt(lines.Count - 1);
        Assert.Equal($"line {lines.Count}, key КонецФайла: the file ends at line {lines.Count} without КонецФайла: truncated file",
            await RejectedAsync(() => ImportLinesAsync(lines)));
    }

    [Fact]
    public async Task A_headerless_file()
    {
        var lines = Lines();
        lines.RemoveAt(0);
        Assert.StartsWith("line 1: the file does not start with 1CClientBankExchange (found 'ВерсияФормата=1.03')",
            await RejectedAsync(() => ImportLinesAsync(lines)));
    }

    [Fact]
    public async Task Exporter_output_without_document_kind()
    {
        var copy = Temp.WriteBytes("to_bank.txt", await File.ReadAllBytesAsync(BankSamples.PathOf("dronm__clbnk__to_bank.txt")));
        Assert.Contains("the document has no kind", await RejectedAsync(() => Import.ImportFileAsync(copy, "treasury")));
    }

    [Fact]
    public async Task A_non_numeric_amount()
    {
        var lines = Lines(lastAmount: "12,3x");
        var line = lines.IndexOf("Сумма=12,3x") + 1;
        Assert.Equal($"line {line}, key Сумма: '12,3x' is not an amount", await RejectedAsync(() => ImportLinesAsync(lines)));
    }

    [Theory]
    [InlineData("0.00")]
    [InlineData("-10.00")]
    public async Task A_zero_or_negative_amount(string amount)
    {
        var lines = Lines(lastAmount: amount);
        var line = lines.IndexOf($"Сумма={amount}") + 1;
        Assert.Equal($"line {line}, key Сумма: '{amount}' is not a payment: Сумма must be more than zero", await RejectedAsync(() => ImportLinesAsync(lines)));
    }

    [Fact]
    public async Task A_stray_line_in_a_document()
    {
        var lines = Lines();
        var line = lines.IndexOf("Номер=3") + 1;
        lines.Insert(line, "какой-то мусор");
        Assert.Equal($"line {line + 1}: 'какой-то мусор' is neither key=value nor a section marker", await RejectedAsync(() => ImportLinesAsync(lines)));
    }

    [Fact]
    public async Task An_impossible_date()
    {
        var lines = Lines(lastDate: "31.02.2019");
        var line = lines.IndexOf("Дата=31.02.2019") + 1;
        Assert.Equal($"line {line}, key Дата: '31.02.2019' is not a date (dd.MM.yyyy)", await RejectedAsync(() => ImportLinesAsync(lines)));
    }

    [Fact]
    public async Task An_empty_file()
    {
        var empty = Temp.WriteBytes("empty.txt", []);
        Assert.Equal("the file is empty (0 bytes)", await RejectedAsync(() => Import.ImportFileAsync(empty, "treasury")));
    }

    [Fact]
    public async Task A_binary_file()
    {
        var bytes = Encoding.ASCII.GetBytes("PK\u0003\u0004\u0014\u0000\u0006\u0000\u0000\u0000garbage");
        var binary = Temp.WriteBytes("statement.xlsx", bytes);
        Assert.StartsWith("the file is binary, not a text statement", await RejectedAsync(() => Import.ImportFileAsync(binary, "treasury")));
    }

    [Fact]
    public async Task A_csv_whose_columns_do_not_match_the_map()
    {
        var map = new CsvStatementMap
        {
            OwnAccount = OurAccount, Number = "Номер", Date = "Дата", Amount = "Сумма", PayerInn = "ИНН плательщика", Purpose = "Назначение платежа",
        };
        var csv = BankSamples.Cp1251.GetBytes("Номер;Дата операции;Сумма;Назначение\r\n1;09.02.2019;10,00;x\r\n");
        await using var stream = new MemoryStream(csv);
        Assert.StartsWith("line 1: the CSV header has no column 'Дата', 'ИНН плательщика', 'Назначение платежа'",
            await RejectedAsync(() => Import.ImportCsvAsync(stream, map, "bad.csv", "treasury")));
    }

    [Fact]
    public async Task A_statement_for_an_account_none_of_our_organisations_holds()
    {
        var lines = Lines();
        lines[lines.IndexOf($"РасчСчет={OurAccount}")] = "РасчСчет=40702810000000000555";
        Assert.Equal("key РасчСчет: the statement is for account 40702810000000000555, which none of our organisations holds: if it is ours, " +
            "add it with `backoffice org account add ORG --account 40702810000000000555 --bik BIK --bank \"BANK\"` and import the file again",
            await RejectedAsync(() => ImportLinesAsync(lines)));
    }

    [Fact]
    public async Task A_balance_section_for_an_account_none_of_our_organisations_holds()
    {
        var lines = Lines();
        lines.InsertRange(10, ["СекцияРасчСчет", "РасчСчет=40702810000000000555", "НачальныйОстаток=0.00", "КонецРасчСчет"]);
        Assert.StartsWith("line 11, key РасчСчет: the statement is for account 40702810000000000555, which none of our organisations holds",
            await RejectedAsync(() => ImportLinesAsync(lines)));
    }

    [Fact]
    public async Task A_csv_statement_whose_own_account_none_of_our_organisations_holds()
    {
        var map = new CsvStatementMap { OwnAccount = "40702810000000000555", Number = "Номер", Date = "Дата", Amount = "Сумма" };
        await using var stream = new MemoryStream(BankSamples.Cp1251.GetBytes("Номер;Дата;Сумма\r\n1;09.02.2019;10,00\r\n"));
        Assert.StartsWith("key BackOffice:Bank:Csv:OwnAccount: the statement is for account 40702810000000000555",
            await RejectedAsync(() => Import.ImportCsvAsync(stream, map, "other.csv", "treasury")));
    }
}
