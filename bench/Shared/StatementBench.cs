using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BackOffice.Bench;

/// <summary>What the bank benches share: the timing rule, the read-lines floor, and the statement header they write.</summary>
public static class StatementBench
{
    /// <summary>The best of three runs: the machine is shared, the minimum is the least disturbed figure.</summary>
    public static TimeSpan Best(Action run)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            watch.Stop();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }

    /// <summary>The floor: reading and decoding the same cp1251 bytes into lines, nothing else.</summary>
    public static int ReadLines(string path)
    {
        using var reader = new StreamReader(path, Encoding.GetEncoding(1251), detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024);
        var lines = 0;
        long chars = 0;
        while (reader.ReadLine() is { } line)
        {
            lines++;
            chars += line.Length;
        }

        return chars > 0 ? lines : 0;
    }

    /// <summary>
    /// Writes the header and balance section in front of the documents already written to <paramref name="body"/>
    /// (the totals are only known once the documents are), then deletes the body file.
    /// </summary>
    public static void WriteWithHeader(string path, string body, string sender, DateOnly created, DateOnly start, DateOnly end,
        string account, decimal totalIn, decimal totalOut)
    {
        using (var output = new StreamWriter(path, append: false, Encoding.GetEncoding(1251)))
        {
            output.NewLine = "\r\n";
            foreach (var line in new[]
            {
                "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", $"Отправитель={sender}",
                "Получатель=Бухгалтерия предприятия, редакция 3.0", $"ДатаСоздания={created:dd.MM.yyyy}", "ВремяСоздания=08:00:00",
                $"ДатаНачала={start:dd.MM.yyyy}", $"ДатаКонца={end:dd.MM.yyyy}", $"РасчСчет={account}",
                "СекцияРасчСчет", $"ДатаНачала={start:dd.MM.yyyy}", $"ДатаКонца={end:dd.MM.yyyy}", $"РасчСчет={account}",
                "НачальныйОстаток=1000000.00", Money("ВсегоПоступило", totalIn), Money("ВсегоСписано", totalOut),
                Money("КонечныйОстаток", 1000000.00m + totalIn - totalOut), "КонецРасчСчет",
            })
                output.WriteLine(line);
            output.Flush();
            using var rest = File.OpenRead(body);
            rest.CopyTo(output.BaseStream);
        }

        File.Delete(body);
    }

    public static string Money(string key, decimal amount) => key + "=" + amount.ToString("0.00", CultureInfo.InvariantCulture);
}
