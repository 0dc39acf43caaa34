namespace BackOffice.Sync.Bank;

/// <summary>The keys and markers of the 1CClientBankExchange format, and how a written key maps to its canonical spelling.</summary>
internal static class StatementKeys
{
    public const string StartOfFile = "1CClientBankExchange";
    public const string EndOfFile = "КонецФайла";
    public const string BalanceStart = "СекцияРасчСчет";
    public const string BalanceEnd = "КонецРасчСчет";
    public const string DocumentStart = "СекцияДокумент";
    public const string DocumentEnd = "КонецДокумента";

    public const string FormatVersion = "ВерсияФормата";
    public const string Encoding = "Кодировка";
    public const string Sender = "Отправитель";
    public const string Receiver = "Получатель";
    public const string CreatedOn = "ДатаСоздания";
    public const string CreatedAt = "ВремяСоздания";
    public const string DateFrom = "ДатаНачала";
    public const string DateTo = "ДатаКонца";
    public const string Account = "РасчСчет";
    public const string DocumentKind = "Документ";

    public const string OpeningBalance = "НачальныйОстаток";
    public const string TotalIn = "ВсегоПоступило";
    public const string TotalOut = "ВсегоСписано";
    public const string ClosingBalance = "КонечныйОстаток";

    public const string Number = "Номер";
    public const string Date = "Дата";
    public const string Amount = "Сумма";
    public const string WrittenOffDate = "ДатаСписано";
    public const string ReceivedDate = "ДатаПоступило";
    public const string Purpose = "НазначениеПлатежа";

    /// <summary><c>НазначениеПлатежа1..6</c>: the purpose split into lines. Declared before the tables built from it.</summary>
    public static readonly string[] PurposeLines = [Purpose + "1", Purpose + "2", Purpose + "3", Purpose + "4", Purpose + "5", Purpose + "6"];

    private static readonly string[] Markers = [StartOfFile, EndOfFile, BalanceStart, BalanceEnd, DocumentStart, DocumentEnd];

    private static readonly string[] HeaderAndBalanceKeys =
    [
        FormatVersion, Encoding, Sender, Receiver, CreatedOn, CreatedAt, DateFrom, DateTo, Account, DocumentKind,
        OpeningBalance, TotalIn, TotalOut, ClosingBalance,
    ];

    private static readonly string[] DocumentKeys =
    [
        Number, Date, Amount, "КвитанцияДата", "КвитанцияВремя", "КвитанцияСодержание", WrittenOffDate, ReceivedDate,
        "ВидПлатежа", "ВидОплаты", "Код", "КодНазПлатежа", Purpose,
        "СтатусСоставителя", "ПоказательКБК", "ОКАТО", "ПоказательОснования", "ПоказательПериода", "ПоказательНомера",
        "ПоказательДаты", "ПоказательТипа", "Очередность", "СрокАкцепта", "ВидАккредитива", "СрокПлатежа",
        "УсловиеОплаты1", "УсловиеОплаты2", "УсловиеОплаты3", "ПлатежПоПредст", "ДополнУсловия", "НомерСчетаПоставщика",
        "ДатаОтсылкиДок", "КодДебитора",
    ];

    private static readonly string[] PartySuffixes =
        ["", "1", "2", "3", "4", "Счет", "ИНН", "КПП", "РасчСчет", "Банк1", "Банк2", "БИК", "Корсчет"];

    /// <summary>Every known key, once: its place in this list is its <see cref="Key.Id"/>.</summary>
    private static readonly Key[] Known = BuildKnown();

    // Plain dictionaries, not frozen ones: for these keys the frozen ones chose whole-key hashing too (perf showed
    // OrdinalStringFrozenDictionary_Full), and building them was a tenth of a small statement's `bank parse` (bench/BankParse).
    private static readonly Dictionary<string, Key> Canonical = Index(StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, Key>.AlternateLookup<ReadOnlySpan<char>> CanonicalBySpan =
        Canonical.GetAlternateLookup<ReadOnlySpan<char>>();

    // Nearly every file writes keys exactly as the format does: an ordinal lookup first is much cheaper than
    // case-insensitive hashing of Cyrillic text.
    private static readonly Dictionary<string, Key>.AlternateLookup<ReadOnlySpan<char>> ExactBySpan =
        Index(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many keys are known: every <see cref="Key.Id"/> is below it.</summary>
    public static int KnownCount => Known.Length;

    /// <summary>The id of a known key given in its canonical spelling.</summary>
    public static int IdOf(string canonicalKey) => Canonical[canonicalKey].Id;

    /// <summary>
    /// A key as written, read once for all that the scanner asks of it (its canonical spelling, whether it is known,
    /// whether its value may go on over the next lines, which section marker it is): one look-up per line.
    /// Case-insensitive, spaces inside ignored ("НазначениеПлатежа 1"), Latin look-alike letters in a Cyrillic key read
    /// as Cyrillic ("Cумма" with a Latin C). An unknown key comes back normalised, with no id.
    /// </summary>
    public static Key Describe(ReadOnlySpan<char> written)
    {
        if (ExactBySpan.TryGetValue(written, out var known) || CanonicalBySpan.TryGetValue(written, out known))
        {
            return known;
        }

        var normalized = Normalize(written);
        return Canonical.TryGetValue(normalized, out known) ? known : new Key(normalized, -1, MarkerKind.None, multiLine: false);
    }

    /// <summary>The canonical spelling of a key as written (see <see cref="Describe"/>).</summary>
    public static string Canonicalize(ReadOnlySpan<char> written) => Describe(written).Name;

    public static bool IsKnown(string canonicalKey) => Canonical.ContainsKey(canonicalKey);

    public static bool AllowsContinuation(string canonicalKey) => Canonical.TryGetValue(canonicalKey, out var key) && key.MultiLine;

    private static string Normalize(ReadOnlySpan<char> written)
    {
        var hasCyrillic = false;
        foreach (var c in written)
        {
            hasCyrillic |= LatinLookAlikes.IsCyrillic(c);
        }

        var buffer = new System.Text.StringBuilder(written.Length);
        foreach (var c in written)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            buffer.Append(hasCyrillic ? LatinLookAlikes.ToCyrillic(c) : c);
        }

        return buffer.ToString();
    }

    private static Dictionary<string, Key> Index(StringComparer comparer)
    {
        var index = new Dictionary<string, Key>(Known.Length, comparer);
        foreach (var key in Known)
        {
            index.Add(key.Name, key);
        }

        return index;
    }

    private static Key[] BuildKnown()
    {
        var all = new List<string>(Markers);
        all.AddRange(HeaderAndBalanceKeys);
        all.AddRange(DocumentKeys);
        all.AddRange(PurposeLines);
        foreach (var side in new[] { "Плательщик", "Получатель" })
        {
            all.AddRange(PartySuffixes.Select(suffix => side + suffix));
        }

        // Keys whose value may go on over the following lines (1C writes long names and purposes that way).
        var multiLine = new HashSet<string>(PurposeLines.Append(Purpose).Concat(["Плательщик", "Плательщик1", "Получатель", "Получатель1"]), StringComparer.Ordinal);
        return all.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select((key, id) => new Key(key, id, MarkerOf(key), multiLine.Contains(key)))
            .ToArray();
    }

    private static MarkerKind MarkerOf(string key) => key switch
    {
        StartOfFile => MarkerKind.StartOfFile,
        EndOfFile => MarkerKind.EndOfFile,
        BalanceStart => MarkerKind.BalanceStart,
        BalanceEnd => MarkerKind.BalanceEnd,
        DocumentStart => MarkerKind.DocumentStart,
        DocumentEnd => MarkerKind.DocumentEnd,
        _ => MarkerKind.None,
    };

    /// <summary>What a line's key is to the scanner.</summary>
    internal sealed class Key(string name, int id, MarkerKind marker, bool multiLine)
    {
        /// <summary>The canonical spelling (a known key's), or the written one normalised.</summary>
        public string Name { get; } = name;

        /// <summary>Where the key is among the known ones, -1 for an unknown key.</summary>
        public int Id { get; } = id;

        public bool IsKnown => Id >= 0;

        public MarkerKind Marker { get; } = marker;

        public bool MultiLine { get; } = multiLine;
    }

    internal enum MarkerKind
    {
        None,
        StartOfFile,
        EndOfFile,
        BalanceStart,
        BalanceEnd,
        DocumentStart,
        DocumentEnd,
    }
}

/// <summary>Latin letters that look like Cyrillic ones and get typed in their place (the "C" of "Cумма").</summary>
internal static class LatinLookAlikes
{
    public static char ToCyrillic(char c) => c switch
    {
        'A' => 'А', 'a' => 'а', 'B' => 'В', 'C' => 'С', 'c' => 'с', 'E' => 'Е', 'e' => 'е', 'H' => 'Н', 'K' => 'К',
        'M' => 'М', 'O' => 'О', 'o' => 'о', 'P' => 'Р', 'p' => 'р', 'T' => 'Т', 'X' => 'Х', 'x' => 'х', 'y' => 'у',
        _ => c,
    };

    public static bool IsCyrillic(char c) => c is >= 'А' and <= 'я' or 'Ё' or 'ё';

    /// <summary>The Latin letters <see cref="ToCyrillic"/> changes.</summary>
    public static readonly System.Buffers.SearchValues<char> Letters = System.Buffers.SearchValues.Create("AaBCcEeHKMOoPpTXxy");
}
