using BackOffice.Bench;
using System.Globalization;
using System.Text;

namespace BackOffice.Bench.BankImport;

sealed record BenchClient(int Id, string Name, string Inn, string Kpp, string Account);

sealed record BenchInvoice(long Number, int ClientId, decimal Total, DateOnly IssueDate);

/// <summary>What the generator meant each document to end as; the import's summary should say the same.</summary>
sealed class ExpectedOutcome
{
    public int Documents, Incoming, Matched, Partial, ToCredit, ToReview, Duplicates, Outgoing;
    public readonly SortedDictionary<string, int> ByScenario = new(StringComparer.Ordinal);

    public void Count(string scenario, string outcome)
    {
        ByScenario[scenario] = ByScenario.GetValueOrDefault(scenario) + 1;
        Documents++;
        switch (outcome)
        {
            case "duplicate": Duplicates++; return;
            case "outgoing": Outgoing++; return;
        }

        Incoming++;
        switch (outcome)
        {
            case "matched": Matched++; break;
            case "partial": Partial++; break;
            case "credit": ToCredit++; break;
            default: ToReview++; break;
        }
    }
}

/// <summary>
/// A bank statement in 1CClientBankExchange (cp1251) for the company's own account 40702810502080001823 (organisation 1 of
/// the demo data), the clients who pay into it and the open invoices the payments name. Clients: 90% hold invoices,
/// 5% hold exactly one (paid without a number in the purpose), 5% none. Each document is one scenario, drawn with fixed
/// weights: exact payments written three ways, several invoices at once, partial, overpaid, no number, сч/ф only,
/// third-party payer, unknown payer, a number that does not exist, an invoice already paid, a verbatim repeat of an
/// earlier document, outgoing. Deterministic for the same sizes.
/// </summary>
sealed class ImportWorkload
{
    public const string OwnAccount = "40702810502080001823";
    const string OwnInn = "7709983032";
    const string OwnKpp = "770901001";
    const string OwnName = "ООО «Лайв Технологии»";
    public const long FirstInvoiceNumber = 70001;
    public const int FirstClientId = 200_001;
    static readonly DateOnly Start = new(2025, 1, 1);

    static readonly (string Name, int Weight)[] Scenarios =
    [
        ("outgoing", 10), ("exact по счету №", 30), ("exact сч.№", 15), ("exact счету 88#", 3), ("several invoices", 5),
        ("partial", 7), ("overpaid", 6), ("no number", 5), ("сч/ф only", 2), ("third-party payer", 3), ("unknown payer", 4),
        ("no such invoice", 3), ("already paid", 2), ("repeat (duplicate)", 1),
    ];

    readonly Random _random = new(20250101);
    readonly List<BenchInvoice> _invoices = [];
    readonly List<long> _paidInFull = [];
    readonly List<string[]> _written = [];
    long _nextNumber = FirstInvoiceNumber;
    // The demo clients' INNs and our own: a generated payer must never be one of them.
    readonly HashSet<string> _taken = new(StringComparer.Ordinal) { "7708305901", "7725381772", "7708318386", "5047012346", "7814695160", OwnInn };

    public IReadOnlyList<BenchClient> Clients { get; }
    public IReadOnlyList<BenchInvoice> Invoices => _invoices;
    public ExpectedOutcome Expected { get; } = new();
    public long Bytes { get; private set; }

    readonly int _regular, _single;

    public ImportWorkload(int clients)
    {
        Clients = Enumerable.Range(0, clients).Select(i => NewClient(i, _taken)).ToArray();
        _regular = clients * 90 / 100;
        _single = clients * 5 / 100;
    }

    /// <summary>Writes the statement to <paramref name="path"/> and collects the invoices it names (to be seeded before the import).</summary>
    public void Write(string path, int documents)
    {
        var encoding = Encoding.GetEncoding(1251);
        var end = Start.AddDays(364);
        decimal totalIn = 0, totalOut = 0;
        var body = Path.GetTempFileName();
        var singleStride = Math.Max(1, documents / Math.Max(1, _single));
        var singlesUsed = 0;
        using (var writer = new StreamWriter(body, append: false, encoding))
        {
            writer.NewLine = "\r\n";
            for (var n = 0; n < documents; n++)
            {
                var day = Start.AddDays((int)((long)n * 365 / documents));
                string[] lines;
                if (n % singleStride == singleStride / 2 && singlesUsed < _single)
                    lines = SingleInvoice(n, day, Clients[_regular + singlesUsed++]);
                else
                    lines = Scenario(n, day);
                foreach (var line in lines)
                    writer.WriteLine(line);
                var amount = decimal.Parse(lines[3]["Сумма=".Length..], CultureInfo.InvariantCulture);
                if (lines[7] == "ПлательщикСчет=" + OwnAccount) totalOut += amount; else totalIn += amount;
                if (_written.Count < 5000 || _random.Next(20) == 0)
                    _written.Add(lines);
            }

            writer.WriteLine("КонецФайла");
        }

        StatementBench.WriteWithHeader(path, body, "Альфа-Бизнес Онлайн", new DateOnly(2026, 1, 1), Start, end, OwnAccount, totalIn, totalOut);
        Bytes = new FileInfo(path).Length;
        _written.Clear();
        _written.TrimExcess();
    }

    string[] Scenario(int n, DateOnly day)
    {
        var roll = _random.Next(Scenarios.Sum(s => s.Weight));
        var scenario = Scenarios.First(s => (roll -= s.Weight) < 0).Name;
        var payer = Clients[_random.Next(_regular)];
        switch (scenario)
        {
            case "outgoing":
                Expected.Count(scenario, "outgoing");
                return Outgoing(n, day);
            case "exact по счету №":
            {
                var invoice = NewInvoice(payer, day);
                _paidInFull.Add(invoice.Number);
                Expected.Count(scenario, "matched");
                return Incoming(n, day, payer, invoice.Total, $"Оплата по счету № {invoice.Number} от {invoice.IssueDate:dd.MM.yy}. НДС не облагается");
            }
            case "exact сч.№":
            {
                var invoice = NewInvoice(payer, day);
                _paidInFull.Add(invoice.Number);
                Expected.Count(scenario, "matched");
                return Incoming(n, day, payer, invoice.Total, $"Оплата по сч.№{invoice.Number} от {invoice.IssueDate:dd.MM.yyyy}г. за облачные услуги. Без НДС");
            }
            case "exact счету 88#":
            {
                var invoice = NewInvoice(payer, day);
                _paidInFull.Add(invoice.Number);
                Expected.Count(scenario, "matched");
                return Incoming(n, day, payer, invoice.Total, $"Оплата по счету 88#{invoice.Number} за аренду 1С. НДС не облагается");
            }
            case "several invoices":
            {
                var several = Enumerable.Range(0, 2 + _random.Next(2)).Select(_ => NewInvoice(payer, day)).ToList();
                _paidInFull.AddRange(several.Select(i => i.Number));
                var numbers = several.Count == 2
                    ? $"{several[0].Number} и {several[1].Number}"
                    : $"{several[0].Number}, {several[1].Number} и {several[2].Number}";
                Expected.Count(scenario, "matched");
                return Incoming(n, day, payer, several.Sum(i => i.Total), $"Оплата по счетам {numbers}. НДС не облагается");
            }
            case "partial":
            {
                var invoice = NewInvoice(payer, day);
                Expected.Count(scenario, "partial");
                return Incoming(n, day, payer, Math.Round(invoice.Total * (20 + _random.Next(70)) / 100m, 2),
                    $"Частичная оплата по счету № {invoice.Number} от {invoice.IssueDate:dd.MM.yy}. НДС не облагается");
            }
            case "overpaid":
            {
                var invoice = NewInvoice(payer, day);
                Expected.Count(scenario, "credit");
                return Incoming(n, day, payer, invoice.Total + 100 * (1 + _random.Next(50)),
                    $"Оплата по счету № {invoice.Number} от {invoice.IssueDate:dd.MM.yy} и аванс. НДС не облагается");
            }
            case "no number":
            {
                // Clients with many open invoices, or (the last 5%) none: nothing can be chosen for certain.
                var who = _random.Next(4) == 0 ? Clients[_regular + _single + _random.Next(Clients.Count - _regular - _single)] : payer;
                Expected.Count(scenario, "review");
                return Incoming(n, day, who, Amount(), $"Оплата за облачные услуги по договору №{_random.Next(1, 900)} от 01.03.2023г. НДС не облагается");
            }
            case "сч/ф only":
                Expected.Count(scenario, "review");
                return Incoming(n, day, payer, Amount(), $"Оплата по сч/ф {_random.Next(1000, 99999)} от {day.AddDays(-10):dd.MM.yyyy}");
            case "third-party payer":
            {
                var owner = Clients[(payer.Id - FirstClientId + 1 + _random.Next(_regular - 1)) % _regular];
                var invoice = NewInvoice(owner, day);
                Expected.Count(scenario, "review");
                return Incoming(n, day, payer, invoice.Total, $"Оплата за {owner.Name} по счету № {invoice.Number} от {invoice.IssueDate:dd.MM.yy}");
            }
            case "unknown payer":
            {
                var stranger = Stranger(n);
                Expected.Count(scenario, "review");
                if (_random.Next(2) == 0)
                    return Incoming(n, day, stranger, Amount(), "Оплата за услуги. НДС не облагается");
                var invoice = NewInvoice(payer, day);
                return Incoming(n, day, stranger, invoice.Total, $"Оплата по счету № {invoice.Number} от {invoice.IssueDate:dd.MM.yy}");
            }
            case "no such invoice":
                Expected.Count(scenario, "review");
                return Incoming(n, day, payer, Amount(), $"Оплата по счету № {9_000_000 + n} от {day.AddDays(-3):dd.MM.yy}. НДС не облагается");
            case "already paid":
            {
                if (_paidInFull.Count == 0)
                    goto case "exact по счету №";
                var number = _paidInFull[_random.Next(_paidInFull.Count)];
                var invoice = _invoices[(int)(number - FirstInvoiceNumber)];
                var owner = Clients[invoice.ClientId - FirstClientId];
                Expected.Count(scenario, "review");
                return Incoming(n, day, owner, invoice.Total, $"Оплата по счету № {number} от {invoice.IssueDate:dd.MM.yy} (повторно)");
            }
            default: // "repeat (duplicate)": the bank sent a document again, word for word
            {
                if (_written.Count == 0)
                    goto case "outgoing";
                Expected.Count(scenario, "duplicate");
                return _written[_random.Next(_written.Count)];
            }
        }
    }

    string[] SingleInvoice(int n, DateOnly day, BenchClient client)
    {
        var invoice = NewInvoice(client, day);
        Expected.Count("single open invoice, no number", "matched");
        return Incoming(n, day, client, invoice.Total, "Оплата за облачные услуги за месяц. НДС не облагается");
    }

    BenchInvoice NewInvoice(BenchClient client, DateOnly day)
    {
        var invoice = new BenchInvoice(_nextNumber++, client.Id, Amount(), day.AddDays(-_random.Next(1, 25)));
        _invoices.Add(invoice);
        return invoice;
    }

    decimal Amount() => _random.Next(50_000, 15_000_000) / 100m;

    BenchClient Stranger(int n)
    {
        var inn = Inn(_random, _taken);
        return new BenchClient(0, $"ООО \"Неизвестный {n}\"", inn, inn[..4] + "01001", "40702810" + (900000000000L + n).ToString(CultureInfo.InvariantCulture));
    }

    string[] Incoming(int n, DateOnly day, BenchClient payer, decimal amount, string purpose) =>
        Document(n, day, amount, payer, new BenchClient(0, OwnName, OwnInn, OwnKpp, OwnAccount), incoming: true, purpose);

    string[] Outgoing(int n, DateOnly day)
    {
        var supplier = new BenchClient(0, $"ООО \"Поставщик {n % 50}\"", "77" + (10000000 + n % 50 * 7).ToString(CultureInfo.InvariantCulture), "770101001",
            "40702810" + (500000000000L + n % 50).ToString(CultureInfo.InvariantCulture));
        return Document(n, day, Amount(), new BenchClient(0, OwnName, OwnInn, OwnKpp, OwnAccount), supplier, incoming: false,
            $"Оплата по счету № {_random.Next(100, 9999)} от {day.AddDays(-5):dd.MM.yyyy} за услуги дата-центра. В т.ч. НДС");
    }

    static string[] Document(int n, DateOnly day, decimal amount, BenchClient payer, BenchClient recipient, bool incoming, string purpose)
    {
        var date = day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        return
        [
            "СекцияДокумент=Платежное поручение",
            $"Номер={n % 999999 + 1}",
            $"Дата={day.AddDays(-1):dd.MM.yyyy}",
            StatementBench.Money("Сумма", amount),
            "КвитанцияДата=" + date,
            "КвитанцияВремя=00:00:00",
            "КвитанцияСодержание=статус документа: Внешний ",
            "ПлательщикСчет=" + payer.Account,
            "ДатаСписано=" + (incoming ? "" : date),
            $"Плательщик=ИНН {payer.Inn} {payer.Name}",
            "ПлательщикИНН=" + payer.Inn,
            "ПлательщикКПП=" + payer.Kpp,
            "Плательщик1=" + payer.Name,
            "ПлательщикРасчСчет=" + payer.Account,
            "ПлательщикБанк1=ПАО СБЕРБАНК",
            "ПлательщикБанк2=г. Москва",
            "ПлательщикБИК=044525225",
            "ПлательщикКорсчет=30101810400000000225",
            "ПолучательСчет=" + recipient.Account,
            "ДатаПоступило=" + (incoming ? date : ""),
            $"Получатель={recipient.Name}",
            "ПолучательИНН=" + recipient.Inn,
            "ПолучательКПП=" + recipient.Kpp,
            "Получатель1=" + recipient.Name,
            "ПолучательРасчСчет=" + recipient.Account,
            "ПолучательБанк1=АО \"АЛЬФА-БАНК\"",
            "ПолучательБанк2=г. Москва",
            "ПолучательБИК=044525593",
            "ПолучательКорсчет=30101810200000000593",
            "ВидПлатежа=",
            "ВидОплаты=01",
            "Код=0",
            "Очередность=5",
            "НазначениеПлатежа=" + purpose,
            "КонецДокумента",
        ];
    }


    BenchClient NewClient(int i, HashSet<string> taken)
    {
        var inn = Inn(_random, taken);
        var kind = (i % 3) switch { 0 => "ООО", 1 => "АО", _ => "ЗАО" };
        return new BenchClient(FirstClientId + i, $"{kind} \"Клиент №{i + 1}\"", inn, inn[..4] + "01001",
            "40702810" + (100000000000L + i * 7919L).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A legal entity's 10-digit INN with its control digit (ФНС weights 2,4,10,3,5,9,4,6,8), not yet taken.</summary>
    static string Inn(Random random, HashSet<string> taken)
    {
        int[] weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
        while (true)
        {
            var digits = new int[10];
            digits[0] = 7;
            digits[1] = 7;
            for (var d = 2; d < 9; d++)
                digits[d] = random.Next(10);
            digits[9] = weights.Select((w, k) => w * digits[k]).Sum() % 11 % 10;
            var inn = string.Concat(digits);
            if (taken.Add(inn))
                return inn;
        }
    }
}
