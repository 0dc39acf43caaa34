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
        var slots = side == PartyKeys.Payer ? PayerSlots : side == PartyKeys.Recipient ? RecipientSlots : new Slots(side);
        var (innField, kppInInnField) = SplitInn(section.Text(slots.Inn));
        var (nameInn, nameKpp, name) = SplitName(section.Text(slots.Name));
        return new Party
        {
            Name = name ?? section.Text(slots.NameLine1),
            Inn = NonZero(innField) ?? NonZero(nameInn),
            Kpp = NonZero(section.Text(slots.Kpp)) ?? NonZero(kppInInnField) ?? NonZero(nameKpp),
            Account = NonZero(section.Text(slots.Account)) ?? NonZero(section.Text(slots.SettlementAccount)),
            BankName = section.Text(slots.BankName),
            Bic = NonZero(section.Text(slots.Bic)),
            CorrespondentAccount = NonZero(section.Text(slots.CorrespondentAccount)),
        };
    }

    private static readonly Slots PayerSlots = new(PartyKeys.Payer);
    private static readonly Slots RecipientSlots = new(PartyKeys.Recipient);

    /// <summary>Where a section keeps one side's keys, found once rather than by name for every document.</summary>
    private sealed class Slots(PartyKeys side)
    {
        public int Name { get; } = StatementSection.SlotFor(side.Name);
        public int NameLine1 { get; } = StatementSection.SlotFor(side.NameLine1);
        public int Inn { get; } = StatementSection.SlotFor(side.Inn);
        public int Kpp { get; } = StatementSection.SlotFor(side.Kpp);
        public int Account { get; } = StatementSection.SlotFor(side.Account);
        public int SettlementAccount { get; } = StatementSection.SlotFor(side.SettlementAccount);
        public int BankName { get; } = StatementSection.SlotFor(side.BankName);
        public int Bic { get; } = StatementSection.SlotFor(side.Bic);
        public int CorrespondentAccount { get; } = StatementSection.SlotFor(side.CorrespondentAccount);
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

        if (PlainInnAndName(value) is { } plain)
        {
            return (plain.Inn, null, plain.Name);
        }

        // A name that starts with И but not with ИНН ("ИП Иванов") cannot match either: the pattern wants ИНН or a digit there.
        if (value[0] is 'И' or 'и' && !(value.Length >= 3 && value[1] is 'Н' or 'н' && value[2] is 'Н' or 'н'))
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

    /// <summary>
    /// The form nearly every bank writes, "ИНН 7718123456 ООО …": "ИНН", one space, 5 to 15 digits, spaces, then a name
    /// that starts with a letter other than К (so no КПП follows) or a quote. For it <see cref="NameWithInn"/> finds just
    /// this INN, no KPP and the rest as the name; it is read here without the regex (a large one to run and to compile),
    /// and anything else is left to the regex.
    /// </summary>
    private static (string Inn, string Name)? PlainInnAndName(string value)
    {
        const string Word = "ИНН ";
        if (!value.StartsWith(Word, StringComparison.Ordinal))
        {
            return null;
        }

        var at = Word.Length;
        while (at < value.Length && char.IsAsciiDigit(value[at]))
        {
            at++;
        }

        var digits = at - Word.Length;
        if (digits is < 5 or > 15 || at == value.Length || value[at] != ' ')
        {
            return null;
        }

        var nameStart = at;
        while (nameStart < value.Length && value[nameStart] == ' ')
        {
            nameStart++;
        }

        if (nameStart == value.Length || !StartsPlainName(value[nameStart]))
        {
            return null;
        }

        return (value.Substring(Word.Length, digits), value.AsSpan(nameStart).TrimEnd().ToString());
    }

    private static bool StartsPlainName(char c) =>
        c is '"' or '«' || char.IsAsciiLetter(c) || (LatinLookAlikes.IsCyrillic(c) && c is not ('К' or 'к'));

    private static readonly System.Buffers.SearchValues<char> InnKppSeparators = System.Buffers.SearchValues.Create("\\/|~,");

    /// <summary>1C writes 0 (or a row of zeros) for "none" in INN, KPP, account fields.</summary>
    private static string? NonZero(string? value) => value is null || StatementValues.IsAllZeros(value) ? null : value;

    [GeneratedRegex(@"^\s*(?<inn>\d{5,15})\s*[\\/|~,]\s*(?<kpp>\d{9})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex InnWithKpp();

    // With the word ИНН any digit run counts (public samples anonymise INNs to odd lengths);
    // without it, only a real INN length followed by a separator, so a name starting with digits stays a name.
    internal const string NameWithInnPattern =
        @"^\s*(?:ИНН\s*[:№]?\s*(?<inn>\d{5,15})(?!\d)|(?<inn>\d{10}|\d{12})(?=[\s,;\\/|~]))" +
        @"(?:\s*[\\/|~]\s*(?<kpp>\d{9})(?!\d)|\s*,?\s*КПП\s*:?\s*(?<kpp>\d{9})(?!\d))?" +
        @"[\s,;.|]*(?<name>.*)$";

    internal const RegexOptions NameWithInnOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline;

    [GeneratedRegex(NameWithInnPattern, NameWithInnOptions)]
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
