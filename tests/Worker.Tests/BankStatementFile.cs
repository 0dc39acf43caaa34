using System.Globalization;
using System.Text;

namespace BackOffice.Worker.Tests;

/// <summary>Real 1CClientBankExchange files (cp1251) written for the bank verb tests.</summary>
static class BankStatementFile
{
    public const string OurAccount = "40702810502080001823";

    /// <summary>One payment order of client #7583 (ИНН 7708305901) to the company's account.</summary>
    public static string Write(string folder, string name, string number, decimal amount, string purpose, string date = "01.12.2026")
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var lines = new[]
        {
            "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Бухгалтерия", "Получатель=",
            $"ДатаСоздания={date}", "ВремяСоздания=10:00:00", $"ДатаНачала={date}", $"ДатаКонца={date}", $"РасчСчет={OurAccount}",
            "СекцияДокумент=Платежное поручение", $"Номер={number}", $"Дата={date}", $"Сумма={amount.ToString("0.00", CultureInfo.InvariantCulture)}",
            "ПлательщикСчет=40702810100000000777", "ПлательщикИНН=7708305901", "ПлательщикКПП=770801001", "Плательщик1=ООО «Фабрика Бизнеса»",
            "ПлательщикРасчСчет=40702810100000000777", "ПлательщикБИК=044525225", $"ПолучательСчет={OurAccount}", "ПолучательИНН=7709983032",
            "Получатель1=ООО «Лайв Технологии»", $"ПолучательРасчСчет={OurAccount}", "ПолучательБИК=044525593", $"ДатаПоступило={date}",
            $"НазначениеПлатежа={purpose}", "КонецДокумента", "КонецФайла",
        };
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines, Encoding.GetEncoding(1251));
        return path;
    }
}
