using System.Globalization;
using System.Text;
using System.Text.Json;
using BackOffice.Tests.Support;
using BackOffice.Worker.Cli;

namespace BackOffice.Worker.Tests;

/// <summary>
/// Long verbs with their output redirected (as in a script or a log): progress comes as plain lines on the error stream,
/// never on standard output, which holds only the verb's own lines or its JSON.
/// </summary>
public class ProgressTests(PostgresCluster cluster) : VerbTest(cluster)
{
    /// <summary>A statement of <paramref name="documents"/> payments of client #7583, each with its own number.</summary>
    static string Statement(string folder, string name, int documents)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var lines = new List<string>
        {
            "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Бухгалтерия", "Получатель=",
            "ДатаСоздания=01.12.2026", "ВремяСоздания=10:00:00", "ДатаНачала=01.12.2026", "ДатаКонца=01.12.2026",
            $"РасчСчет={BankStatementFile.OurAccount}",
        };
        for (var n = 1; n <= documents; n++)
            lines.AddRange(
            [
                "СекцияДокумент=Платежное поручение", $"Номер={n}", "Дата=01.12.2026", $"Сумма={(100 + n).ToString(CultureInfo.InvariantCulture)}.00",
                "ПлательщикСчет=40702810100000000777", "ПлательщикИНН=7708305901", "Плательщик1=ООО «Фабрика Бизнеса»",
                $"ПолучательСчет={BankStatementFile.OurAccount}", "ПолучательИНН=7709983032", "Получатель1=ООО «Лайв Технологии»",
                "ДатаПоступило=01.12.2026", $"НазначениеПлатежа=Аванс по договору, платеж {n}", "КонецДокумента",
            ]);
        lines.Add("КонецФайла");
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines, Encoding.GetEncoding(1251));
        return path;
    }

    [Fact]
    public async Task Bank_import_of_a_large_file_prints_plain_progress_on_stderr_and_the_same_summary_or_json_on_stdout()
    {
        var folder = Directory.CreateTempSubdirectory("progress").FullName;
        var path = Statement(folder, "year.txt", 2500);

        var rehearsed = await Ok("bank", "import", path, "--dry-run");
        var lines = rehearsed.Out.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("year.txt: 2500 read, 2500 incoming, ", lines[0]);
        Assert.Equal(["year.txt: documents: 1000", "year.txt: documents: 2000", "year.txt: documents: 2500/2500"],
            rehearsed.Err.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));

        var imported = await Run("bank", "import", path, "--json");
        Assert.True(imported.ExitCode == 0, imported.ToString());
        using var json = JsonDocument.Parse(imported.Out);
        Assert.Equal(2500, json.RootElement[0].GetProperty("documentsRead").GetInt32());
        Assert.Contains("year.txt: documents: 2500/2500", imported.Err);
        Assert.Equal(2500, await CountAsync("bank_documents"));
    }

    [Fact]
    public async Task Jobs_run_bank_inbox_reports_each_file_on_stderr_and_its_json_parses()
    {
        var folder = Directory.CreateTempSubdirectory("progress-inbox").FullName;
        File.SetLastWriteTimeUtc(Statement(folder, "a.txt", 1200), DateTime.UtcNow.AddMinutes(-1));
        File.SetLastWriteTimeUtc(BankStatementFile.Write(folder, "b.txt", "9001", 500m, "Оплата по счету"), DateTime.UtcNow.AddMinutes(-1));
        var config = Config;
        config["BackOffice:Bank:InboxFolder"] = folder;

        var r = await CliRun.Of(config, "jobs", "run", "bank-inbox", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal("2 file(s) imported, 0 rejected", json.RootElement.GetProperty("outcome").GetString());
        // The one-document file is over before a line is worth printing.
        Assert.Equal(["Job bank-inbox: a.txt: 1000", "Job bank-inbox: a.txt: 1200/1200"], r.Err.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Plain_lines_come_once_per_tenth_of_a_known_total_and_per_thousand_of_an_unknown_one()
    {
        var err = new StringWriter();
        var cli = new BackOfficeCli(new StringWriter(), err, null);

        await CliProgress.RunStepsAsync(cli, "Work", p =>
        {
            for (var n = 0; n <= 250; n++) p.Report(("rows", n, 250));
            for (var n = 0; n <= 99; n++) p.Report(("few", n, 99));
            for (var n = 0; n <= 2500; n += 250) p.Report(("unknown", n, 0));
            return Task.FromResult(0);
        });

        Assert.Equal([.. Enumerable.Range(1, 10).Select(t => $"Work: rows: {t * 25}/250"), "Work: unknown: 1000", "Work: unknown: 2000"],
            err.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
    }
}
