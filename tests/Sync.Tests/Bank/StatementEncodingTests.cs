using System.Text;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>The bytes decide the encoding, not the header: the same statement in every encoding reads the same.</summary>
public sealed class StatementEncodingTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string, string, string, bool> Encodings => new()
    {
        // file encoding, what the header claims, expected detection, BOM
        { "windows-1251", "DOS", "windows-1251", false },
        { "cp866", "Windows", "cp866", false },
        { "utf-8", "DOS", "utf-8", false },
        { "utf-8", "Windows", "utf-8", true },
        { "cp866", "UTF-8", "cp866", false },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Same_statement_reads_to_identical_documents_whatever_the_encoding_and_the_header_claim(
        string encodingName, string claimed, string detected, bool bom)
    {
        var reference = Read(Write("reference.txt", "windows-1251", "Windows", bom: false));

        var statement = Read(Write("statement.txt", encodingName, claimed, bom));

        Assert.Equal(detected, statement.Header.DetectedEncoding);
        Assert.Equal(claimed, statement.Header.DeclaredEncoding);
        Assert.Equal(Project(reference), Project(statement));
        Assert.Equal("ООО \"Ёлка и Щётка\"", statement.Documents[0].Payer.Name);
        Assert.Equal("Оплата по счету № 72815 от 09.02.19, НДС не облагается", statement.Documents[0].Purpose);
    }

    [Fact]
    public void Lf_and_crlf_line_ends_read_the_same()
    {
        var crlf = Read(temp.Write("crlf.txt", StatementText.Lines("Windows"), BankSamples.Cp1251, "\r\n"));
        var lf = Read(temp.Write("lf.txt", StatementText.Lines("Windows"), BankSamples.Cp1251, "\n"));

        Assert.Equal(Project(crlf), Project(lf));
        Assert.Equal(2, lf.Documents.Count);
    }

    /// <summary>
    /// The single-byte code pages are decoded through our own table (SingleByteTextReader), not the framework's decoder:
    /// every byte must still give the framework's character, in the sniffed block the reader replays and after it.
    /// </summary>
    [Theory]
    [InlineData(1251, "Windows")]
    [InlineData(866, "DOS")]
    public void Every_byte_of_a_single_byte_code_page_reads_as_the_framework_decodes_it(int codePage, string claimed)
    {
        var encoding = codePage == 866 ? StatementDecoding.Cp866 : StatementDecoding.Cp1251; // registers the code pages
        var header = encoding.GetBytes(string.Join("\r\n", StatementText.Lines(claimed).Take(4)) + "\r\n");
        var line = new List<byte>();
        for (var b = 0x20; b <= 0xFF; b++)
        {
            line.Add((byte)b);
        }

        line.AddRange("\r\n"u8.ToArray());
        var bytes = header.Concat(Enumerable.Repeat(line, 1000).SelectMany(l => l)).ToArray(); // 230 KB: past the 64 KB sniff

        using var stream = new MemoryStream(bytes);
        var (reader, name) = StatementDecoding.Open(stream);
        string text;
        using (reader)
        {
            text = reader.ReadToEnd();
        }

        Assert.Equal(codePage == 866 ? "cp866" : "windows-1251", name);
        Assert.IsType<SingleByteTextReader>(reader);
        Assert.Equal(encoding.GetString(bytes), text);
    }

    [Fact]
    public void The_single_byte_table_answers_every_byte_and_any_split_of_the_input()
    {
        var encoding = StatementDecoding.Cp1251;
        var table = SingleByteTextReader.Table.Of(encoding)!;
        var bytes = Enumerable.Range(0, 256).Select(b => (byte)b).Concat(Enumerable.Range(0, 4093).Select(i => (byte)(i * 37 % 256))).ToArray();

        var chars = new char[bytes.Length];
        using var reader = new SingleByteTextReader(new MemoryStream(bytes), table);
        var read = 0;
        for (var size = 1; read < chars.Length; size = size % 7 + 1) // reads of 1 to 7 characters: every tail length of the unrolled loop
        {
            read += reader.Read(chars, read, Math.Min(size, chars.Length - read));
        }

        Assert.Equal(encoding.GetString(bytes), new string(chars));
        Assert.Equal(0, reader.Read(chars, 0, 1));
    }

    private string Write(string name, string encodingName, string claimed, bool bom)
    {
        var encoding = encodingName switch
        {
            "windows-1251" => BankSamples.Cp1251,
            "cp866" => BankSamples.Cp866,
            _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        var bytes = encoding.GetBytes(string.Join("\r\n", StatementText.Lines(claimed)) + "\r\n");
        return temp.WriteBytes(name, bom ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes);
    }

    private static Statement Read(string path) => StatementParser.ParseFile(path);

    private static string[] Project(Statement statement) =>
        statement.Documents
            .Select(d => string.Join("|", d.LineNumber, d.Kind, d.Number, d.Date, d.Amount, d.Payer, d.Recipient, d.Purpose,
                d.WrittenOffDate, d.ReceivedDate, string.Join(";", d.Fields.Select(f => f.Key + "=" + f.Value))))
            .ToArray();
}

/// <summary>A small statement with every Cyrillic letter case that differs between cp1251 and cp866 (ё, Щ, я…).</summary>
internal static class StatementText
{
    public static List<string> Lines(string claimedEncoding) =>
    [
        "1CClientBankExchange",
        "ВерсияФормата=1.03",
        "Кодировка=" + claimedEncoding,
        "Отправитель=Сбербанк Бизнес Онлайн",
        "ДатаСоздания=10.02.2019",
        "ВремяСоздания=09:15:00",
        "ДатаНачала=09.02.2019",
        "ДатаКонца=09.02.2019",
        "РасчСчет=40702810900000000001",
        "СекцияРасчСчет",
        "ДатаНачала=09.02.2019",
        "ДатаКонца=09.02.2019",
        "РасчСчет=40702810900000000001",
        "НачальныйОстаток=1000.00",
        "ВсегоПоступило=12500.50",
        "ВсегоСписано=700",
        "КонечныйОстаток=12800.50",
        "КонецРасчСчет",
        "СекцияДокумент=Платежное поручение",
        "Номер=415",
        "Дата=08.02.2019",
        "Сумма=12500.50",
        "ПлательщикСчет=40702810100000000777",
        "Плательщик=ИНН 7718123456\\771801001 ООО \"Ёлка и Щётка\"",
        "ПлательщикБИК=044525225",
        "ПолучательСчет=40702810900000000001",
        "ДатаПоступило=09.02.2019",
        "ПолучательИНН=7701000001",
        "Получатель1=ООО \"Наша Компания\"",
        "НазначениеПлатежа=Оплата по счету № 72815 от 09.02.19, НДС не облагается",
        "КонецДокумента",
        "СекцияДокумент=Платежное поручение",
        "Номер=16",
        "Дата=09.02.2019",
        "Сумма=700",
        "ПлательщикСчет=40702810900000000001",
        "ДатаСписано=09.02.2019",
        "Плательщик=ООО \"Наша Компания\"",
        "ПолучательСчет=40702810000000000002",
        "Получатель=7707083893, ПАО \"ЯНДЕКС\"",
        "НазначениеПлатежа=Оплата за юридические услуги. Без НДС",
        "КонецДокумента",
        "КонецФайла",
    ];
}
