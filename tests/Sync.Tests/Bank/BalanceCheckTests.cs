using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

public sealed class BalanceCheckTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Totals_that_agree_with_the_documents_are_reported_as_agreeing()
    {
        var check = Assert.Single(Parse(StatementText.Lines("Windows")).CheckBalances());

        Assert.Equal(12500.50m, check.ComputedIn);
        Assert.Equal(700m, check.ComputedOut);
        Assert.Equal(0m, check.DifferenceIn);
        Assert.Equal(0m, check.DifferenceOut);
        Assert.Equal(0m, check.ClosingDifference);
        Assert.True(check.Agrees);
    }

    [Fact]
    public void Incoming_total_that_disagrees_is_reported_with_its_difference()
    {
        var lines = BankSamples.Lines("kilylabs__client-bank-exchange-php__one_day.txt", BankSamples.Cp1251);
        Assert.Equal("ВсегоПоступило=40000.00", lines[15]);
        lines[15] = "ВсегоПоступило=40100.00";

        var check = Assert.Single(Parse(lines).CheckBalances());

        Assert.Equal(40100.00m, check.ExpectedIn);
        Assert.Equal(40000.00m, check.ComputedIn);
        Assert.Equal(-100.00m, check.DifferenceIn);
        Assert.Equal(0m, check.DifferenceOut);
        Assert.Equal(100.00m, check.ClosingDifference);
        Assert.False(check.Agrees);
    }

    [Fact]
    public void Documents_executed_outside_the_section_dates_do_not_count()
    {
        var lines = StatementText.Lines("Windows");
        lines[lines.IndexOf("ДатаПоступило=09.02.2019")] = "ДатаПоступило=10.02.2019";

        var check = Assert.Single(Parse(lines).CheckBalances());

        Assert.Equal(0m, check.ComputedIn);
        Assert.Equal(-12500.50m, check.DifferenceIn);
        Assert.Equal(0m, check.DifferenceOut);
        Assert.False(check.Agrees);
    }

    [Fact]
    public void Tally_fed_while_streaming_gives_the_same_result_as_the_whole_statement()
    {
        var file = temp.Write("s.txt", StatementText.Lines("Windows"), BankSamples.Cp1251);
        BalanceTally? tally = null;
        foreach (var item in StatementParser.ReadFile(file))
        {
            switch (item)
            {
                case StatementHeader header:
                    tally = new BalanceTally(header);
                    break;
                case BalanceSection section:
                    tally!.Add(section);
                    break;
                case BankDocument document:
                    tally!.Add(document);
                    break;
            }
        }

        Assert.Equal(StatementParser.ParseFile(file).CheckBalances().Single(), tally!.Results().Single(), new SameFigures());
    }

    private Statement Parse(List<string> lines) =>
        StatementParser.ParseFile(temp.Write("statement.txt", lines, BankSamples.Cp1251));

    private sealed class SameFigures : IEqualityComparer<BalanceCheckResult>
    {
        public bool Equals(BalanceCheckResult? x, BalanceCheckResult? y) =>
            x is not null && y is not null
            && (x.ComputedIn, x.ComputedOut, x.DocumentsIn, x.DocumentsOut, x.ExpectedIn, x.ExpectedOut)
            == (y.ComputedIn, y.ComputedOut, y.DocumentsIn, y.DocumentsOut, y.ExpectedIn, y.ExpectedOut);

        public int GetHashCode(BalanceCheckResult obj) => obj.ComputedIn.GetHashCode();
    }
}
