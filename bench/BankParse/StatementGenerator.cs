using BackOffice.Bench;
using System.Globalization;
using System.Text;

namespace BackOffice.Bench.BankParse;

/// <summary>Writes a realistic 1CClientBankExchange statement: 1,000 payers with checksum-valid INNs, mixed purposes.</summary>
internal static class StatementGenerator
{
    private const string OwnAccount = "40702810900000000001";

    private static readonly string[] Purposes =
    [
        "Оплата по счету № {0} от {1:dd.MM.yy}. НДС не облагается",
        "Оплата по сч.№{0} от {1:dd.MM.yyyy}г. за услуги хостинга, в т.ч. НДС 20% - {2}",
        "Оплата по счету 88#{0} от {1:dd.MM.yy} за домен",
        "Оплата по счетам {0}, {3} и {4}. Без НДС",
        "Оплата по договору №{5} от 01.03.2023г. за услуги связи",
        "Оплата по сч/ф {0} от {1:dd.MM.yyyy}",
        "Возврат ошибочно перечисленных средств на счет 40702810100000000777",
        "Авансовый платеж по сч. {0}, дог.№{5}",
    ];

    public static (long Bytes, decimal TotalIn, decimal TotalOut) Write(string path, int documents)
    {
        var random = new Random(20190209);
        var payers = Enumerable.Range(0, 1000).Select(i => Payer(i, random)).ToArray();
        var encoding = Encoding.GetEncoding(1251);
        decimal totalIn = 0, totalOut = 0;
        var start = new DateOnly(2024, 1, 1);
        var end = start.AddDays(364);
        var body = Path.GetTempFileName();
        using (var writer = new StreamWriter(body, append: false, encoding))
        {
            writer.NewLine = "\r\n";
            for (var n = 0; n < documents; n++)
            {
                var payer = payers[random.Next(payers.Length)];
                var day = start.AddDays(random.Next(365));
                var amount = random.Next(100, 5_000_000) / 100m;
                var incoming = random.Next(10) < 8;
                totalIn += incoming ? amount : 0;
                totalOut += incoming ? 0 : amount;
                WriteDocument(writer, n, payer, day, amount, incoming, random);
            }

            writer.WriteLine("КонецФайла");
        }

        StatementBench.WriteWithHeader(path, body, "Сбербанк Бизнес Онлайн", new DateOnly(2025, 1, 1), start, end, OwnAccount, totalIn, totalOut);
        return (new FileInfo(path).Length, totalIn, totalOut);
    }

    private static void WriteDocument(StreamWriter w, int n, Payer payer, DateOnly day, decimal amount, bool incoming, Random random)
    {
        var invoice = 70000 + random.Next(30000);
        var purpose = string.Format(CultureInfo.InvariantCulture, Purposes[random.Next(Purposes.Length)],
            invoice, day.AddDays(-random.Next(30)), (amount / 6).ToString("0.00", CultureInfo.InvariantCulture),
            invoice + 1, invoice + 2, random.Next(1, 500));
        w.WriteLine(incoming ? "СекцияДокумент=Платежное поручение" : "СекцияДокумент=Банковский ордер");
        w.WriteLine($"Номер={n % 999999 + 1}");
        w.WriteLine($"Дата={day.AddDays(-1):dd.MM.yyyy}");
        w.WriteLine(StatementBench.Money("Сумма", amount));
        w.WriteLine("КвитанцияДата=" + day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        w.WriteLine("КвитанцияВремя=00:00:00");
        w.WriteLine("КвитанцияСодержание=статус документа: Внешний ");
        var (payerSide, recipientSide) = incoming
            ? (payer, new Payer("Наша Компания", "7701000001", "770101001", OwnAccount))
            : (new Payer("Наша Компания", "7701000001", "770101001", OwnAccount), payer);
        w.WriteLine("ПлательщикСчет=" + payerSide.Account);
        w.WriteLine("ДатаСписано=" + (incoming ? "" : day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)));
        w.WriteLine($"Плательщик=ИНН {payerSide.Inn} {payerSide.Name}");
        w.WriteLine("ПлательщикИНН=" + payerSide.Inn);
        w.WriteLine("ПлательщикКПП=" + payerSide.Kpp);
        w.WriteLine("Плательщик1=" + payerSide.Name);
        w.WriteLine("ПлательщикРасчСчет=" + payerSide.Account);
        w.WriteLine("ПлательщикБанк1=ПАО СБЕРБАНК");
        w.WriteLine("ПлательщикБанк2=г. Москва");
        w.WriteLine("ПлательщикБИК=044525225");
        w.WriteLine("ПлательщикКорсчет=30101810400000000225");
        w.WriteLine("ПолучательСчет=" + recipientSide.Account);
        w.WriteLine("ДатаПоступило=" + (incoming ? day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) : ""));
        w.WriteLine($"Получатель={recipientSide.Name}");
        w.WriteLine("ПолучательИНН=" + recipientSide.Inn);
        w.WriteLine("ПолучательКПП=" + recipientSide.Kpp);
        w.WriteLine("Получатель1=" + recipientSide.Name);
        w.WriteLine("ПолучательРасчСчет=" + recipientSide.Account);
        w.WriteLine("ПолучательБанк1=АО \"ТБАНК\"");
        w.WriteLine("ПолучательБанк2=г. Москва");
        w.WriteLine("ПолучательБИК=044525974");
        w.WriteLine("ПолучательКорсчет=30101810145250000974");
        w.WriteLine("ВидПлатежа=");
        w.WriteLine("ВидОплаты=01");
        w.WriteLine("Код=0");
        w.WriteLine("Очередность=5");
        w.WriteLine("НазначениеПлатежа=" + purpose);
        w.WriteLine("КонецДокумента");
    }


    private static Payer Payer(int i, Random random)
    {
        var digits = new int[10];
        digits[0] = 7;
        digits[1] = 7;
        for (var d = 2; d < 9; d++)
        {
            digits[d] = random.Next(10);
        }

        // Legal-entity INN control digit (ФНС weights 2,4,10,3,5,9,4,6,8).
        int[] weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
        digits[9] = weights.Select((w, k) => w * digits[k]).Sum() % 11 % 10;
        var inn = string.Concat(digits);
        var kind = (i % 3) switch { 0 => "ООО", 1 => "АО", _ => "ИП" };
        return new Payer($"{kind} \"Клиент №{i + 1}\"", inn, inn[..4] + "01001", "40702810" + (100000000000L + i * 7919L).ToString(CultureInfo.InvariantCulture));
    }
}

internal sealed record Payer(string Name, string Inn, string Kpp, string Account);
