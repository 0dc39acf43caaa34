using BackOffice.Ledger.Clients;

namespace BackOffice.Ledger.Tests.Clients;

public class RequisitesTests
{
    [Theory]
    [InlineData("7725381772")]
    [InlineData("7708305901")]
    [InlineData("7708318386")]
    [InlineData("7814695160")]
    [InlineData("7709983032")]
    [InlineData("504701234505")]
    public void Seed_inns_pass_the_official_check(string inn) => Assert.Null(Requisites.InnProblem(inn));

    [Theory]
    [InlineData("7725381773", "digit 10: it should be 2, it is 3")]
    [InlineData("7708305900", "digit 10: it should be 1, it is 0")]
    [InlineData("504701234515", "digit 11: it should be 0, it is 1")]
    [InlineData("504701234506", "digit 12: it should be 5, it is 6")]
    public void A_wrong_check_digit_is_named(string inn, string expected)
    {
        var problem = Requisites.InnProblem(inn);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData("770830590", "must be 10 digits")]
    [InlineData("77083059011", "must be 10 digits")]
    [InlineData("77O8305901", "not only digits")]
    [InlineData("", "must be 10 digits")]
    public void Wrong_length_or_letters_are_refused(string inn, string expected) =>
        Assert.Contains(expected, Requisites.InnProblem(inn));

    [Theory]
    [InlineData("770801001")]
    [InlineData("7708AB001")]
    [InlineData("781401001")]
    public void Well_formed_kpp_passes(string kpp) => Assert.Null(Requisites.KppProblem(kpp));

    [Theory]
    [InlineData("77080100", "must be 9 characters")]
    [InlineData("7708010011", "must be 9 characters")]
    [InlineData("77080100A", "must be 4 digits")]
    [InlineData("A70801001", "must be 4 digits")]
    [InlineData("7708ab001", "capital Latin")]
    public void Malformed_kpp_is_refused(string kpp, string expected) =>
        Assert.Contains(expected, Requisites.KppProblem(kpp));
}
