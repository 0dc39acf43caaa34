using System.Text.RegularExpressions;

namespace BackOffice.Ledger.Clients;

/// <summary>Russian company requisites: ИНН with the official check digits, КПП by its format.</summary>
public static partial class Requisites
{
    static readonly int[] Inn10Weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    static readonly int[] Inn12FirstWeights = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    static readonly int[] Inn12SecondWeights = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    public static readonly RefusalCode InnLength = new("inn.length");
    public static readonly RefusalCode InnNotDigits = new("inn.not-digits");
    public static readonly RefusalCode InnCheckDigit = new("inn.check-digit");
    public static readonly RefusalCode KppLength = new("kpp.length");
    public static readonly RefusalCode KppForm = new("kpp.form");

    /// <returns>null when the ИНН is valid, otherwise what is wrong with it.</returns>
    public static string? InnProblem(string inn) => InnRefusal(inn, "inn")?.Message;

    /// <returns>null when the ИНН is valid, otherwise the refusal of <paramref name="field"/>.</returns>
    public static InvalidInput? InnRefusal(string inn, string field)
    {
        if (inn.Length is not (10 or 12) || !inn.All(char.IsAsciiDigit))
            return inn.All(char.IsAsciiDigit)
                ? new InvalidInput(InnLength, field, $"ИНН '{inn}' must be 10 digits (organisation) or 12 digits (individual, ИП); it has {inn.Length} character(s).")
                : new InvalidInput(InnNotDigits, field, $"ИНН '{inn}' must be 10 digits (organisation) or 12 digits (individual, ИП); it has {inn.Length} character(s) and not only digits.");
        if (inn.Length == 10)
        {
            var expected = CheckDigit(inn, Inn10Weights);
            return expected == inn[9] - '0' ? null : CheckDigitRefusal(inn, field, 10, expected);
        }
        var first = CheckDigit(inn, Inn12FirstWeights);
        if (first != inn[10] - '0') return CheckDigitRefusal(inn, field, 11, first);
        var second = CheckDigit(inn, Inn12SecondWeights);
        return second == inn[11] - '0' ? null : CheckDigitRefusal(inn, field, 12, second);
    }

    static InvalidInput CheckDigitRefusal(string inn, string field, int digit, int expected) =>
        new(InnCheckDigit, field, $"ИНН '{inn}' fails the check of digit {digit}: it should be {expected}, it is {inn[digit - 1]}.");

    /// <returns>null when the КПП is well formed, otherwise what is wrong with it.</returns>
    public static string? KppProblem(string kpp) => KppRefusal(kpp, "kpp")?.Message;

    public static InvalidInput? KppRefusal(string kpp, string field)
    {
        if (kpp.Length != 9)
            return new InvalidInput(KppLength, field, $"КПП '{kpp}' must be 9 characters; it has {kpp.Length}.");
        return KppPattern().IsMatch(kpp) ? null
            : new InvalidInput(KppForm, field, $"КПП '{kpp}' must be 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits (number).");
    }

    public static string NormaliseInn(string inn) => inn.Trim();
    public static string NormaliseKpp(string kpp) => kpp.Trim().ToUpperInvariant();

    static int CheckDigit(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++) sum += (digits[i] - '0') * weights[i];
        return sum % 11 % 10;
    }

    [GeneratedRegex("^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$")]
    private static partial Regex KppPattern();
}
