using System.Text;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>Each malformed file is refused whole, with the line and key in the message. Inputs are real files on disk.</summary>
public sealed class StatementRejectionTests : IDisposable
{
    // Dmdv demo (cp1251, CRLF): line 11 СекцияРасчСчет, 19 КонецРасчСчет, 21 СекцияДокумент, 22 Дата, 24 Сумма,
    // 59 КонецДокумента, 63 СекцияДокумент, 101 КонецДокумента, 102 КонецФайла.
    private const string Dmdv = "Dmdv__1c-bankstatement2ruby__1c_format_demo.txt";

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Truncated_inside_a_document_names_the_open_section()
    {
        var file = DmdvWith(lines => lines.RemoveRange(40, lines.Count - 40));

        var error = Reject(file);

        Assert.Equal(
            "line 21, key СекцияДокумент: the file ends at line 40 inside section СекцияДокумент opened at line 21 (no КонецДокумента, no КонецФайла): truncated file",
            error.Message);
    }

    [Fact]
    public void Truncated_between_documents_is_refused_for_missing_end_of_file()
    {
        var file = DmdvWith(lines => lines.RemoveRange(101, lines.Count - 101));

        Assert.Equal("line 101, key КонецФайла: the file ends at line 101 without КонецФайла: truncated file", Reject(file).Message);
    }

    [Fact]
    public void Truncated_file_still_streams_the_documents_before_the_cut_then_throws()
    {
        var file = DmdvWith(lines => lines.RemoveRange(101, lines.Count - 101));
        var seen = new List<StatementItem>();

        var error = Assert.Throws<StatementRejected>(() =>
        {
            foreach (var item in StatementParser.ReadFile(file))
            {
                seen.Add(item);
            }
        });

        Assert.Equal(["StatementHeader", "BalanceSection", "BankDocument", "BankDocument"], seen.Select(i => i.GetType().Name));
        Assert.Equal("КонецФайла", error.Key);
    }

    [Fact]
    public void Two_files_glued_together_are_refused_at_the_second_start_line()
    {
        // The first file cut short after its first document, the whole file again behind it.
        var file = DmdvWith(lines => lines.InsertRange(62, lines.ToList()));

        var error = Reject(file);

        Assert.Equal("line 63, key 1CClientBankExchange: a second 1CClientBankExchange start line before КонецФайла: two files glued together, the first one cut short?",
            error.Message);
        Assert.Equal(StatementRejected.SecondStart, error.Code);
    }

    [Fact]
    public void Headerless_file_is_refused_at_line_1()
    {
        var file = DmdvWith(lines => lines.RemoveAt(0));

        Assert.Equal(
            "line 1: the file does not start with 1CClientBankExchange (found 'ВерсияФормата=1.01'): not a 1C bank exchange file, or its header is missing",
            Reject(file).Message);
    }

    [Fact]
    public void Document_without_kind_from_the_dronm_exporter_is_refused()
    {
        var error = Reject(BankSamples.PathOf("dronm__clbnk__to_bank.txt"));

        Assert.Equal(
            "line 10, key СекцияДокумент: the document has no kind (expected СекцияДокумент=<kind>, e.g. СекцияДокумент=Платежное поручение)",
            error.Message);
    }

    [Fact]
    public void Non_numeric_amount_is_refused_naming_line_and_key()
    {
        var file = DmdvWith(lines => lines[23] = "Сумма=12,3x");

        var error = Reject(file);

        Assert.Equal("line 24, key Сумма: '12,3x' is not an amount", error.Message);
        Assert.Equal(24, error.LineNumber);
        Assert.Equal("Сумма", error.Key);
    }

    [Fact]
    public void Amount_with_three_decimals_is_refused()
    {
        var file = DmdvWith(lines => lines[65] = "Сумма=23.001");

        Assert.Equal("line 66, key Сумма: '23.001' is not an amount", Reject(file).Message);
    }

    [Fact]
    public void Impossible_date_is_refused_naming_line_and_key()
    {
        var file = DmdvWith(lines => lines[21] = "Дата=31.02.2019");

        Assert.Equal("line 22, key Дата: '31.02.2019' is not a date (dd.MM.yyyy)", Reject(file).Message);
    }

    [Fact]
    public void A_bad_header_period_date_is_a_warning_not_a_rejection()
    {
        var file = DmdvWith(lines => lines[8] = "ДатаКонца=23.08.201819202122");

        var statement = StatementParser.ParseFile(file);

        Assert.Equal(["line 9, key ДатаКонца: '23.08.201819202122' is not a date (dd.MM.yyyy); the statement's period is left without it"],
            statement.Header.Warnings);
        Assert.Null(statement.Header.PeriodTo);
        Assert.Equal(2, statement.Documents.Count);
    }

    [Fact]
    public void A_stray_line_between_sections_is_a_warning_and_the_statement_reads_the_same()
    {
        var clean = StatementParser.ParseFile(DmdvWith(_ => { }));
        var file = DmdvWith(lines => lines[59] = "Выписка сформирована вручную"); // line 60, between the two documents

        var statement = StatementParser.ParseFile(file);

        Assert.Equal(["line 60: 'Выписка сформирована вручную' is neither key=value nor a section marker; skipped"], statement.Header.Warnings);
        Assert.Empty(clean.Header.Warnings);
        Assert.Equal(clean.Documents.Select(d => (d.Number, d.Amount, d.Purpose)), statement.Documents.Select(d => (d.Number, d.Amount, d.Purpose)));
    }

    [Theory]
    [InlineData("Сумма=0.00", "'0.00' is not a payment: Сумма must be more than zero")]
    [InlineData("Сумма=0", "'0' is not a payment: Сумма must be more than zero")]
    [InlineData("Сумма=-150.00", "'-150.00' is not a payment: Сумма must be more than zero")]
    public void A_zero_or_negative_amount_is_refused_naming_line_and_key(string amountLine, string reason)
    {
        var file = DmdvWith(lines => lines[23] = amountLine);

        Assert.Equal($"line 24, key Сумма: {reason}", Reject(file).Message);
    }

    [Fact]
    public void Bad_balance_figure_is_refused()
    {
        var file = DmdvWith(lines => lines[15] = "ВсегоПоступило=двести");

        Assert.Equal("line 16, key ВсегоПоступило: 'двести' is not an amount", Reject(file).Message);
    }

    [Fact]
    public void Document_without_amount_is_refused_at_its_first_line()
    {
        var file = DmdvWith(lines => lines.RemoveAt(23));

        Assert.Equal(
            "line 21, key Сумма: the document has no amount (СекцияДокумент starting at line 21 has no Сумма)", Reject(file).Message);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        var file = temp.WriteBytes("empty.txt", []);

        Assert.Equal("the file is empty (0 bytes)", Reject(file).Message);
    }

    [Fact]
    public void Blank_lines_only_file_is_refused_as_empty()
    {
        var file = temp.WriteBytes("blank.txt", Encoding.ASCII.GetBytes("\r\n  \r\n\t\r\n"));

        Assert.Equal("the file is empty (no lines)", Reject(file).Message);
    }

    [Fact]
    public void Binary_file_is_refused()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
        png.CopyTo(bytes, 0);
        var file = temp.WriteBytes("picture.png", bytes);

        var error = Reject(file);

        Assert.StartsWith("the file is binary, not a text statement (NUL byte at offset 8)", error.Message);
    }

    [Fact]
    public void Utf16_file_is_refused_with_its_encoding_named()
    {
        var lines = BankSamples.Lines(Dmdv, BankSamples.Cp1251);
        var file = temp.Write("utf16.txt", lines, Encoding.Unicode);
        var withBom = temp.WriteBytes("utf16-bom.txt", [.. Encoding.Unicode.Preamble, .. File.ReadAllBytes(file)]);

        Assert.Equal("the file is UTF-16 text: 1C bank exchange files are cp1251, cp866 or UTF-8", Reject(withBom).Message);
        Assert.StartsWith("the file is binary", Reject(file).Message);
    }

    [Fact]
    public void Binary_data_after_the_first_block_is_refused_with_its_line()
    {
        var lines = BankSamples.Lines(Dmdv, BankSamples.Cp1251);
        var body = lines.GetRange(20, 39); // the first document, lines 21..59
        var big = lines.Take(20).ToList();
        while (big.Count < 3000)
        {
            big.AddRange(body);
        }

        big.Add("НазначениеПлатежа=\0\0\0");
        var file = temp.Write("nul.txt", big, BankSamples.Cp1251);

        Assert.Equal($"line {big.Count}: NUL character: binary data inside the file", Reject(file).Message);
    }

    [Fact]
    public void Section_left_open_is_refused_where_the_next_section_starts()
    {
        var file = DmdvWith(lines => lines[58] = "");

        Assert.Equal(
            "line 63, key СекцияДокумент: section СекцияДокумент opened at line 21 is left open: СекцияДокумент comes before its КонецДокумента",
            Reject(file).Message);
    }

    [Fact]
    public void Balance_section_left_open_is_refused()
    {
        var file = DmdvWith(lines => lines[18] = "");

        Assert.Equal(
            "line 21, key СекцияДокумент: section СекцияРасчСчет opened at line 11 is left open: СекцияДокумент comes before its КонецРасчСчет",
            Reject(file).Message);
    }

    [Fact]
    public void Last_section_left_open_at_end_of_file_is_refused()
    {
        var file = DmdvWith(lines => lines[100] = "");

        Assert.Equal(
            "line 102, key КонецФайла: section СекцияДокумент opened at line 63 is left open: КонецФайла comes before its КонецДокумента",
            Reject(file).Message);
    }

    [Fact]
    public void Line_that_is_neither_key_nor_marker_is_refused()
    {
        var file = DmdvWith(lines => lines[26] = "какой-то мусор");

        Assert.Equal("line 27: 'какой-то мусор' is neither key=value nor a section marker", Reject(file).Message);
    }

    [Fact]
    public void Utf8_file_turning_cp1251_after_the_first_block_is_refused()
    {
        var lines = BankSamples.Lines(Dmdv, BankSamples.Cp1251);
        var text = new List<string>(lines.Take(20));
        while (text.Count < 3000)
        {
            text.AddRange(lines.GetRange(20, 39));
        }

        var bytes = Encoding.UTF8.GetBytes(string.Join("\r\n", text) + "\r\n")
            .Concat(BankSamples.Cp1251.GetBytes("НазначениеПлатежа=в cp1251\r\n"))
            .ToArray();
        var file = temp.WriteBytes("mixed.txt", bytes);

        var error = Reject(file);

        Assert.Equal(
            $"line {text.Count + 1}: the bytes are not valid utf-8 although the start of the file is: the file mixes encodings",
            error.Message);
    }

    [Fact]
    public void Nothing_is_half_read_a_whole_statement_parse_of_a_bad_file_throws_instead_of_returning()
    {
        var file = DmdvWith(lines => lines[65] = "Сумма=abc");

        Assert.Throws<StatementRejected>(() => StatementParser.ParseFile(file));
    }

    private string DmdvWith(Action<List<string>> corrupt)
    {
        var lines = BankSamples.Lines(Dmdv, BankSamples.Cp1251);
        corrupt(lines);
        return temp.Write("statement.txt", lines, BankSamples.Cp1251);
    }

    private static StatementRejected Reject(string file) =>
        Assert.Throws<StatementRejected>(() => StatementParser.ParseFile(file));
}
