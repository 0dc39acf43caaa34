using System.Text.RegularExpressions;

namespace BackOffice.Sync.Bank;

/// <summary>
/// Reads one side of a document (payer or recipient) from its keys. Banks disagree on where the INN, KPP and
/// name go: <c>Плательщик=ИНН 7718123456\771801001 ООО …</c>, <c>Плательщик=7777777777, ООО …</c>,
/// <c>ПлательщикИНН=7718123456/771801001</c>, only <c>Плательщик1=</c>, <c>ПлательщикСчет=</c> empty with the
/// account in <c>ПлательщикРасчСчет=</c>. Explicit keys win; what is missing is recovered from the name line.
/// </summary>
internal static partial class PartyDetails
{
    public static Party Read(StatementSection section, PartyKeys side)
    {
        var (innField, kppInInnField) = SplitInn(section.Text(side.Inn));
        var (nameInn, nameKpp, name) = SplitName(section.Text(side.Name));
        return new Party
        {
            Name = name ?? section.Text(side.NameLine1),
            Inn = NonZero(innField) ?? NonZero(nameInn),
            Kpp = NonZero(section.Text(side.Kpp)) ?? NonZero(kppInInnField) ?? NonZero(nameKpp),
            Account = NonZero(section.Text(side.Account)) ?? NonZero(section.Text(side.SettlementAccount)),
            BankName = section.Text(side.BankName),
            Bic = NonZero(section.Text(side.Bic)),
            CorrespondentAccount = NonZero(section.Text(side.CorrespondentAccount)),
        };
    }

    /// <summary>"7718123456/771801001" (also with \ | ~ ,) → INN and KPP.</summary>
    internal static (string? Inn, string? Kpp) SplitInn(string? value)
    {
        if (value is null)
        {
            return (null, null);
        }

        // Most files give the INN alone: without a separator the pattern cannot match, and the regex is not run.
        if (value.AsSpan().IndexOfAny(InnKppSeparators) < 0)
        {
            return (value, null);
        }

        var match = InnWithKpp().Match(value);
        return match.Success ? (match.Groups["inn"].Value, match.Groups["kpp"].Value) : (value, null);
    }

    /// <summary>"ИНН 7718123456\771801001 ООО "Лучший Клиент"" → INN, KPP and the bare name.</summary>
    internal static (string? Inn, string? Kpp, string? Name) SplitName(string? value)
    {
        if (value is null)
        {
            return (null, null, null);
        }

        // The pattern starts with ИНН or a digit: a name that starts otherwise is the name alone, without running the regex.
        var first = value.AsSpan().TrimStart();
        if (first.IsEmpty || !(char.IsDigit(first[0]) || first[0] is 'И' or 'и'))
        {
            return (null, null, value);
        }

        var match = NameWithInn().Match(value);
        if (!match.Success)
        {
            return (null, null, value);
        }

        var name = match.Groups["name"].Value.Trim();
        var kpp = match.Groups["kpp"].Success ? match.Groups["kpp"].Value : null;
        return (match.Groups["inn"].Value, kpp, name.Length == 0 ? null : name);
    }

    private static readonly System.Buffers.SearchValues<char> InnKppSeparators = System.Buffers.SearchValues.Create("\\/|~,");

    /// <summary>1C writes 0 (or a row of zeros) for "none" in INN, KPP, account fields.</summary>
    private static string? NonZero(string? value) => value is null || StatementValues.IsAllZeros(value) ? null : value;

    [GeneratedRegex(@"^\s*(?<inn>\d{5,15})\s*[\\/|~,]\s*(?<kpp>\d{9})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex InnWithKpp();

    // With the word ИНН any digit run counts (public samples anonymise INNs to odd lengths);
    // without it, only a real INN length followed by a separator, so a name starting with digits stays a name.
    [GeneratedRegex(
        @"^\s*(?:ИНН\s*[:№]?\s*(?<inn>\d{5,15})(?!\d)|(?<inn>\d{10}|\d{12})(?=[\s,;\\/|~]))" +
        @"(?:\s*[\\/|~]\s*(?<kpp>\d{9})(?!\d)|\s*,?\s*КПП\s*:?\s*(?<kpp>\d{9})(?!\d))?" +
        @"[\s,;.|]*(?<name>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex NameWithInn();
}

/// <summary>The key names of one side, built once: "Плательщик" + "ИНН" and so on.</summary>
internal sealed class PartyKeys(string side)
{
    public static readonly PartyKeys Payer = new("Плательщик");
    public static readonly PartyKeys Recipient = new("Получатель");

    public string Name { get; } = side;

    public string NameLine1 { get; } = side + "1";

    public string Inn { get; } = side + "ИНН";

    public string Kpp { get; } = side + "КПП";

    public string Account { get; } = side + "Счет";

    public string SettlementAccount { get; } = side + "РасчСчет";

    public string BankName { get; } = side + "Банк1";

    public string Bic { get; } = side + "БИК";

    public string CorrespondentAccount { get; } = side + "Корсчет";

    public string[] All => [Name, NameLine1, Inn, Kpp, Account, SettlementAccount, BankName, Bic, CorrespondentAccount];
}
