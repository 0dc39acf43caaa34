using System.Text.RegularExpressions;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

public sealed class PartyDetailsTests
{
    [Theory]
    [InlineData("ИНН 7785174227 ООО \"Клиент №217\"", "7785174227", null, "ООО \"Клиент №217\"")]
    [InlineData("ИНН 7701000001 Наша Компания  ", "7701000001", null, "Наша Компания")]
    [InlineData("ИНН 7785174227 КПП 778501001 ООО Ромашка", "7785174227", "778501001", "ООО Ромашка")]
    [InlineData("ИНН 7785174227/778501001 ООО Ромашка", "7785174227", "778501001", "ООО Ромашка")]
    [InlineData("ИП \"Клиент №882\"", null, null, "ИП \"Клиент №882\"")]
    [InlineData("ИНН 7785174227123456 ООО Ромашка", null, null, "ИНН 7785174227123456 ООО Ромашка")]
    public void Reads_the_inn_kpp_and_name_of_a_name_line(string line, string? inn, string? kpp, string name)
    {
        Assert.Equal((inn, kpp, name), PartyDetails.SplitName(line));
    }

    /// <summary>
    /// The common forms are read without the regex ("ИНН 7718123456 ООО …", "ИП …"): on those and on many lines made of
    /// the pieces that decide the pattern, the answer is the pattern's own.
    /// </summary>
    [Fact]
    public void Reads_what_the_pattern_reads()
    {
        var pattern = new Regex(PartyDetails.NameWithInnPattern, PartyDetails.NameWithInnOptions);
        string[] starts = ["ИНН ", "ИНН", "инн ", "ИНН: ", "ИНН № ", " ИНН ", "ИП ", "И", "Ин", "ИНН  ", "ИНН\t", ""];
        string[] numbers = ["7785174227", "77851", "7785", "7785174227123456", "778517422712", "123456789012345", ""];
        string[] middles = [" ", "  ", "", "/", " / ", ",", " КПП ", " кпп: ", "\t", "-", " , "];
        string[] rests = ["ООО \"Ромашка\"", "«Ромашка»", "Acme Ltd.", "Компания", "778501001 ООО Ромашка", "КПП 778501001", "", "  ", ". ООО", "| ИП", "ёлка", "Ёлка", "7"];
        var random = new Random(8);
        for (var i = 0; i < 20_000; i++)
        {
            var line = starts[random.Next(starts.Length)] + numbers[random.Next(numbers.Length)] + middles[random.Next(middles.Length)] +
                rests[random.Next(rests.Length)] + (random.Next(4) == 0 ? "  " : "");
            if (line.Length == 0)
            {
                continue;
            }

            (string? Inn, string? Kpp, string? Name) expected = (null, null, line);
            var first = line.AsSpan().TrimStart();
            if (!first.IsEmpty && (char.IsDigit(first[0]) || first[0] is 'И' or 'и') && pattern.Match(line) is { Success: true } match)
            {
                var name = match.Groups["name"].Value.Trim();
                expected = (match.Groups["inn"].Value, match.Groups["kpp"].Success ? match.Groups["kpp"].Value : null, name.Length == 0 ? null : name);
            }

            Assert.True(expected == PartyDetails.SplitName(line), $"'{line}': expected {expected}, got {PartyDetails.SplitName(line)}");
        }
    }
}
