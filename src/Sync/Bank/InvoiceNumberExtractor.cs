using System.Text;
using System.Text.RegularExpressions;

namespace BackOffice.Sync.Bank;

/// <summary>
/// Finds the invoice numbers a payer wrote in the payment purpose: "по счету № 72815 от 09.02.19", "сч.№124",
/// "по счету 88#72815" (→ 72815), "по счетам 72815, 72816 и 72817", "по счету от 09.02.2019 № 72815".
/// Not taken: numbers after сч/ф, счет-фактура, с/ф, договор/дог., лицевой/расчетный счет, договор банковского счета
/// (a contract); numbers running on into letters or a hyphen ("№ 6428-РС-689"); 20-digit account numbers;
/// dates; amounts ("5000-00", "1666.67", "100 руб"). The matcher still checks every number against the payer's
/// open invoices: this only proposes candidates.
/// </summary>
public static partial class InvoiceNumberExtractor
{
    /// <summary>Distinct numbers (digits only, as written) in order of appearance.</summary>
    public static IReadOnlyList<string> Extract(string? purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose))
        {
            return [];
        }

        var text = CyrillicLookAlikes(purpose);
        List<string>? found = null;
        var from = 0;
        while (NextInvoiceWord(text, from) is var start and >= 0)
        {
            // Every match starts with an invoice word: the regex is tried at each one only, anchored there (its
            // lookbehinds still see the text before it), and not at all for a purpose without one — the same matches as
            // Matches(text), without the regex walking the rest of the purpose letter by letter after a word that fails.
            var match = InvoiceReferenceAt().Match(text, start);
            if (!match.Success)
            {
                from = start + 1;
                continue;
            }

            foreach (Capture number in match.Groups[NumberGroup].Captures)
            {
                found ??= [];
                if (!found.Contains(number.Value))
                {
                    found.Add(number.Value);
                }
            }

            from = match.Index + match.Length;
        }

        return found ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Where the next word that can open a match starts (сч…, inv…, инвойс…, in any case), or -1.</summary>
    private static int NextInvoiceWord(string text, int from)
    {
        // One vectorised scan for the letters a word can start with, then a look at each: three ignore-case searches of
        // the whole purpose were a tenth of `bank parse --json` on Cyrillic text (bench/BankParse).
        for (var at = from; at < text.Length; at++)
        {
            var next = text.AsSpan(at).IndexOfAny(InvoiceWordStarts);
            if (next < 0)
            {
                return -1;
            }

            at += next;
            var rest = text.AsSpan(at);
            foreach (var word in InvoiceWords)
            {
                if (rest.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                {
                    return at;
                }
            }
        }

        return -1;
    }

    internal static readonly string[] InvoiceWords = ["сч", "inv", "инвойс"];

    /// <summary>Every letter that OrdinalIgnoreCase takes for one of the words' first letters (U+1C83 is a form of с).</summary>
    internal static readonly System.Buffers.SearchValues<char> InvoiceWordStarts = System.Buffers.SearchValues.Create("сСiIиИ\u1C83");

    /// <summary>
    /// The same, also reading the 1C forms of our numbers (BackOffice:Accounting:NumberPattern): "ЛТ00-072815" and
    /// "ЛТ-72815" anywhere, "072815" after the invoice word — all as "72815", leading zeros dropped.
    /// </summary>
    public static IReadOnlyList<string> Extract(string? purpose, BackOffice.Sync.Accounting.DocumentNumberFormat? oneC)
    {
        if (oneC is null || string.IsNullOrWhiteSpace(purpose)) return Extract(purpose);
        var rewritten = oneC.QuotedForms.Replace(purpose, m => " счет № " + m.Groups["num"].Value.TrimStart('0') + " ");
        return Extract(rewritten).Select(n => n.TrimStart('0')).Where(n => n.Length > 0).Distinct().ToList();
    }

    /// <summary>
    /// The purpose our own payment QR puts in the payer's order («Оплата по счету № 72815 от 09.02.2019. …»,
    /// <see cref="BackOffice.Ledger.Documents.PaymentQr.Purpose"/>): when it is there, its number is the invoice, whatever
    /// else the payer or the bank appended ("… доп. соглашение к счету 7" would otherwise send the payment to review).
    /// </summary>
    public static string? FromOurQrPurpose(string? purpose)
    {
        if (string.IsNullOrWhiteSpace(purpose)) return null;
        var match = Qr.Purpose.Match(purpose);
        return match.Success ? match.Groups["num"].Value : null;
    }

    /// <summary>
    /// Built on first use, not with the class: parsing the pattern was a measurable part of `bank parse`'s start-up
    /// (bench/BankParse), which only extracts numbers and never reads our QR purpose.
    /// </summary>
    static class Qr
    {
        public static readonly Regex Purpose = new(
            Regex.Escape(BackOffice.Ledger.Documents.PaymentQr.PurposePrefix) + @"\s?(?<num>\d{1,10}) от \d{2}\.\d{2}\.\d{4}\. (?:Без налога \(НДС\)|В т\.ч\. НДС )",
            RegexOptions.CultureInvariant);
    }

    /// <summary>"Cчет" typed with a Latin C still reads as "Счет": Latin look-alikes next to Cyrillic letters become Cyrillic.</summary>
    internal static string CyrillicLookAlikes(string text)
    {
        // Most purposes hold no Latin look-alike at all: one vectorised scan instead of a look-up per character.
        if (text.AsSpan().IndexOfAny(LatinLookAlikes.Letters) < 0)
        {
            return text;
        }

        StringBuilder? fixedText = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var cyrillic = LatinLookAlikes.ToCyrillic(c);
            if (cyrillic == c)
            {
                continue;
            }

            var besideCyrillic = (i > 0 && LatinLookAlikes.IsCyrillic(text[i - 1]))
                || (i + 1 < text.Length && LatinLookAlikes.IsCyrillic(text[i + 1]));
            if (besideCyrillic)
            {
                fixedText ??= new StringBuilder(text);
                fixedText[i] = cyrillic;
            }
        }

        return fixedText?.ToString() ?? text;
    }

    /// <summary>The number of the group "num", looked up once rather than by name in every match.</summary>
    private static readonly int NumberGroup = InvoiceReferenceAt().GroupNumberFromName("num");

    private const string Date = @"\d{1,2}[./]\d{1,2}[./]\d{2,4}(?!\d)\s*(?:г\.?|года?)?";

    private const string NumberMark = @"(?:№\s*№?|N[oо]?\.?|#|номер)?";

    // The number must follow the word directly (after an optional №, N, # or "от <date>"), so "сч/ф 123",
    // "счет-фактура № 55" and "сч.ф. 78" never match: a letter stands between the word and the digits.
    // A number ends where digits end, and is not the start of a date, an amount or a compound number: digits running
    // on into letters or a hyphen ("№ 6428-РС-689", "№ 15А") are some other document's code ("от" right after is a date).
    private const string Number = @"(?:\d{1,6}\s*#\s*)?(?<num>\d{1,10})(?!\d|[.,\-/]\d|[\-/]\s*\p{L}|(?!от)\p{L}|\s*(?:р\.|руб|коп|%))";

    /// <summary>An invoice reference: one or more numbers after an invoice word (the match starts at the word).</summary>
    internal const string InvoiceReference =
        @"(?<![\p{L}\p{Nd}])" +
        @"(?<!лицев\p{L}*\s+|расч[её]тн\p{L}*\s+|банковск\p{L}*\s+|корр?\.?\s*|р/|к/)" +
        @"(?:сч[её]т[ауе]?-оферт\p{L}*|сч[её]т(?:ами|ам|ах|ов|ом|у|а|е)?(?!\p{L})|сч(?!\p{L})\.?|invoice|inv\.?|инвойс\p{L}*)" +
        @"(?:\s+на\s+оплату)?" +
        @"(?:\s*от\s*" + Date + @")?" +
        @"\s*" + NumberMark + @"\s*" + Number +
        @"(?:(?:\s*от\s*" + Date + @")?\s*(?:,|;|(?<!\p{L})и(?!\p{L}))\s*" + NumberMark + @"\s*" + Number + @")*";

    internal const RegexOptions InvoiceReferenceOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary><see cref="InvoiceReference"/> only where the search starts (\G): at an invoice word.</summary>
    [GeneratedRegex(@"\G" + InvoiceReference, InvoiceReferenceOptions)]
    private static partial Regex InvoiceReferenceAt();
}
