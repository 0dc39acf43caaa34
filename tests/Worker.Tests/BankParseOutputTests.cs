using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

/// <summary>
/// `bank parse` prints exactly what it printed before its printer was rewritten for speed: both forms, every sample
/// statement that parses, against the outputs kept in tests/Samples/bank/parse-output.
/// </summary>
public class BankParseOutputTests
{
    static readonly Dictionary<string, string?> NoDatabase = new() { ["ConnectionStrings:BackOffice"] = "Host=127.0.0.1;Port=1;Database=none;Username=x;Timeout=2" };

    public static TheoryData<string, bool> Outputs()
    {
        var data = new TheoryData<string, bool>();
        foreach (var table in Directory.GetFiles(Path.Combine(SampleFiles.SamplesFolder("bank"), "parse-output"), "*.table.txt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(table)[..^".table.txt".Length];
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public async Task Parse_prints_the_kept_output_of_each_sample(string sample, bool json)
    {
        var expected = await File.ReadAllTextAsync(SampleFiles.Sample("bank", Path.Combine("parse-output", sample + (json ? ".json" : ".table.txt"))));
        string[] args = ["bank", "parse", SampleFiles.Sample("bank", sample + ".txt"), .. json ? ["--json"] : Array.Empty<string>()];

        var r = await CliRun.Of(NoDatabase, args);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(expected, r.Out);
    }

    /// <summary>
    /// `bank parse …` is parsed by a tree that holds only that verb (start-up); behind a root option the same words go
    /// through the whole tree. Help, a missing file and an unknown option read the same either way.
    /// </summary>
    [Theory]
    [InlineData("--help")]
    [InlineData("")]
    [InlineData("statement.txt --jsn")]
    public async Task Parse_alone_answers_help_and_bad_arguments_as_the_whole_tree_does(string rest)
    {
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var alone = await CliRun.Of(NoDatabase, ["bank", "parse", .. words]);
        var whole = await CliRun.Of(NoDatabase, ["--verbose", "bank", "parse", .. words]);

        Assert.Equal((whole.ExitCode, whole.Out, whole.Err), (alone.ExitCode, alone.Out, alone.Err));
        Assert.NotEqual("", alone.Out + alone.Err);
    }

    /// <summary>
    /// A statement rejected after several hundred documents (past several of the verb's flushes, one per 256
    /// documents): the verb prints every document before the rejected one exactly as the same statement ended just
    /// before it prints them, then the refusal, in both forms.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_statement_rejected_after_several_hundred_documents_prints_every_document_before_it_then_the_refusal(bool json)
    {
        const int before = 700;
        var folder = Directory.CreateTempSubdirectory("bank-parse-").FullName;
        try
        {
            var whole = ManyDocuments(Path.Combine(folder, "whole.txt"), before, rejectedThenMore: 0);
            var rejected = ManyDocuments(Path.Combine(folder, "rejected.txt"), before, rejectedThenMore: 300);
            string[] form = json ? ["--json"] : [];

            var good = await CliRun.Of(NoDatabase, ["bank", "parse", whole, .. form]);
            var refused = await CliRun.Of(NoDatabase, ["bank", "parse", rejected, .. form]);

            Assert.True(good.ExitCode == 0, good.ToString());
            Assert.Equal(2, refused.ExitCode);
            var amountLine = 10 + before * 13 + 4; // the header's 10 lines, 13 per document, Сумма the 4th of the next
            Assert.Equal($"Refused: rejected.txt is rejected: line {amountLine}, key Сумма: '12x.00' is not an amount", refused.Err.TrimEnd());
            Assert.Contains($"платеж {before}", refused.Out);
            Assert.StartsWith(refused.Out, good.Out);
            var rest = good.Out[refused.Out.Length..].ReplaceLineEndings("\n");
            Assert.StartsWith(json ? $"\n  ],\n  \"documentCount\": {before}," : $"{before} document(s)", rest);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// A cp1251 statement of <paramref name="documents"/> payments; then, when <paramref name="rejectedThenMore"/> is not
    /// zero, one whose amount is not an amount and that many good ones after it.
    /// </summary>
    static string ManyDocuments(string path, int documents, int rejectedThenMore)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        const string ours = BankStatementFile.OurAccount;
        var lines = new List<string>
        {
            "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Бухгалтерия", "Получатель=",
            "ДатаСоздания=01.12.2026", "ВремяСоздания=10:00:00", "ДатаНачала=01.12.2026", "ДатаКонца=01.12.2026", $"РасчСчет={ours}",
        };
        var count = documents + (rejectedThenMore > 0 ? 1 + rejectedThenMore : 0);
        for (var n = 1; n <= count; n++)
            lines.AddRange(
            [
                "СекцияДокумент=Платежное поручение", $"Номер={n}", "Дата=01.12.2026", n == documents + 1 ? "Сумма=12x.00" : $"Сумма={100 + n}.00",
                "ПлательщикСчет=40702810100000000777", "ПлательщикИНН=7708305901", "Плательщик1=ООО \"Фабрика Бизнеса\"",
                $"ПолучательСчет={ours}", "ПолучательИНН=7709983032", "Получатель1=ООО «Лайв Технологии»",
                "ДатаПоступило=01.12.2026", $"НазначениеПлатежа=Оплата по счету № {72000 + n}, платеж {n}", "КонецДокумента",
            ]);
        lines.Add("КонецФайла");
        File.WriteAllLines(path, lines, System.Text.Encoding.GetEncoding(1251));
        return path;
    }

    [Fact]
    public void Every_sample_that_parses_has_its_kept_output()
    {
        Assert.True(Outputs().Count >= 16, $"only {Outputs().Count} kept outputs: the golden files are missing");
    }
}
