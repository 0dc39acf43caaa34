using System.Globalization;
using BackOffice.Ledger.Clients;

namespace BackOffice.Ledger.Tests;

public class RefusalTextTests
{
    static readonly RefusalCode Sample = new("test.sample");

    [Fact]
    public void The_message_reads_as_plain_interpolation_would_and_keeps_each_value_apart()
    {
        var amount = 1660.5m;
        var count = 12345;
        var e = new Conflict(Sample, $"Invoice № {72001L} owes {amount}; {count:N0} rows, '{"x",3}'.");
        Assert.Equal($"Invoice № {72001L} owes {amount}; {count:N0} rows, '{"x",3}'.", e.Message);
        Assert.Equal(["72001", amount.ToString(CultureInfo.CurrentCulture), count.ToString("N0", CultureInfo.CurrentCulture), "  x"], e.Arguments);
        Assert.Same(Sample, e.Code);
    }

    [Fact]
    public void A_message_written_in_two_interpolated_parts_keeps_the_values_of_both()
    {
        var e = new InvalidInput(Sample, "field", $"Claim #{7} by {"anna"} " + $"for {"п/п 15"}.");
        Assert.Equal("Claim #7 by anna for п/п 15.", e.Message);
        Assert.Equal(["7", "anna", "п/п 15"], e.Arguments);
        Assert.Equal("field", e.Field);
    }

    [Fact]
    public void A_refusal_without_a_code_has_no_arguments()
    {
        var e = new NotFound("There is no such thing.");
        Assert.Null(e.Code);
        Assert.Empty(e.Arguments);
    }

    [Fact]
    public void The_inn_check_names_the_digit_the_value_should_have_and_has()
    {
        var e = Requisites.InnRefusal("7708305900", "inn");
        Assert.NotNull(e);
        Assert.Same(Requisites.InnCheckDigit, e.Code);
        Assert.Equal(["7708305900", "10", "1", "0"], e.Arguments);
        Assert.Equal(Requisites.InnProblem("7708305900"), e.Message);
    }
}
