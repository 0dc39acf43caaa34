using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>What real files do that the parser must take in its stride.</summary>
public sealed class StatementParserTests : IDisposable
{
    private static readonly HashSet<string> Ours = ["40702810900000000001"];

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Keys_are_case_insensitive_values_keep_their_equals_signs_and_unknown_keys_are_kept_raw()
    {
        var statement = Parse(Document(
            "сумма=5",
            "КодУИП=0",
            "НАЗНАЧЕНИЕПЛАТЕЖА=Хоз расходы {53=33798.03}",
            "ПолучательСчет=40702810900000000001"));

        var document = Assert.Single(statement.Documents);
        Assert.Equal(5m, document.Amount);
        Assert.Equal("Хоз расходы {53=33798.03}", document.Purpose);
        Assert.Equal("0", document.Fields["КодУИП"]);
        Assert.Equal("5", document.Fields["Сумма"]);
    }

    [Fact]
    public void Latin_look_alike_letters_and_spaces_inside_keys_still_name_the_key()
    {
        var statement = Parse(Document("Cумма=17000.00", "НазначениеПлатежа 1=Оплата услуг"));

        var document = Assert.Single(statement.Documents);
        Assert.Equal(17000.00m, document.Amount);
        Assert.Equal("Оплата услуг", document.Purpose);
    }

    [Fact]
    public void Continuation_lines_after_a_multi_line_key_join_its_value()
    {
        var statement = Parse(Document(
            "Сумма=100.00",
            "НазначениеПлатежа=Оплата по счету",
            "№ 72815 от 09.02.19",
            "в т.ч. НДС=20% 16-67",
            "Очередность=5",
            "Получатель=ООО \"Очень длинное",
            "наименование\""));

        var document = Assert.Single(statement.Documents);
        Assert.Equal("Оплата по счету № 72815 от 09.02.19 в т.ч. НДС=20% 16-67", document.Purpose);
        Assert.Equal(["72815"], InvoiceNumberExtractor.Extract(document.Purpose));
        Assert.Equal("ООО \"Очень длинное наименование\"", document.Recipient.Name);
        Assert.Equal("5", document.Fields["Очередность"]);
    }

    [Fact]
    public void Numbered_purpose_lines_are_joined_when_the_main_purpose_is_empty()
    {
        var statement = Parse(Document(
            "Сумма=1",
            "НазначениеПлатежа=",
            "НазначениеПлатежа1=Оплата по счету 72815",
            "НазначениеПлатежа2=",
            "НазначениеПлатежа3=НДС не облагается"));

        Assert.Equal("Оплата по счету 72815 НДС не облагается", Assert.Single(statement.Documents).Purpose);
    }

    [Theory]
    [InlineData("Плательщик=ИНН 7718123456\\771801001 ООО \"Лучший Клиент\"", "7718123456", "771801001", "ООО \"Лучший Клиент\"")]
    [InlineData("Плательщик=ИНН 3811185573/381101001 ООО \"Ангара\"", "3811185573", "381101001", "ООО \"Ангара\"")]
    [InlineData("Плательщик=ИНН 6672307097 ООО \"Услуги инфо\"", "6672307097", null, "ООО \"Услуги инфо\"")]
    [InlineData("Плательщик=7777777777, ООО \"Ромашка\"", "7777777777", null, "ООО \"Ромашка\"")]
    [InlineData("Плательщик=6154569327 ООО \"ТЕХНОСФЕРА\"", "6154569327", null, "ООО \"ТЕХНОСФЕРА\"")]
    [InlineData("Плательщик=ИНН 123123123321 Иванов Иван Иванович (ИП)", "123123123321", null, "Иванов Иван Иванович (ИП)")]
    [InlineData("Плательщик=ИНН 7718123456 КПП 771801001 АО \"Вектор\"", "7718123456", "771801001", "АО \"Вектор\"")]
    [InlineData("Плательщик= ИРКУТСКИЙ РФ АО \"РОССЕЛЬХОЗБАНК\"", null, null, "ИРКУТСКИЙ РФ АО \"РОССЕЛЬХОЗБАНК\"")]
    [InlineData("Плательщик=1С-Рарус ООО", null, null, "1С-Рарус ООО")]
    public void Payer_name_inn_and_kpp_are_recovered_from_the_name_line(string line, string? inn, string? kpp, string name)
    {
        var payer = Assert.Single(Parse(Document("Сумма=1", line)).Documents).Payer;

        Assert.Equal(inn, payer.Inn);
        Assert.Equal(kpp, payer.Kpp);
        Assert.Equal(name, payer.Name);
    }

    [Fact]
    public void Explicit_inn_key_wins_and_an_inn_with_kpp_in_one_field_is_split()
    {
        var payer = Assert.Single(Parse(Document(
            "Сумма=1",
            "Плательщик=ИНН 1111111111 ООО \"Старое имя\"",
            "ПлательщикИНН=7718123456/771801001",
            "ПлательщикКПП=0",
            "Плательщик1=ООО \"Новое имя\"")).Documents).Payer;

        Assert.Equal("7718123456", payer.Inn);
        Assert.Equal("771801001", payer.Kpp);
        Assert.Equal("ООО \"Старое имя\"", payer.Name);
    }

    [Fact]
    public void Name_comes_from_the_first_name_line_when_the_full_name_key_is_absent_and_empty_account_falls_back()
    {
        var document = Assert.Single(Parse(Document(
            "Сумма=1",
            "ПлательщикСчет=",
            "ПлательщикРасчСчет=40702810100000000777",
            "Плательщик1=Some random payer",
            "Плательщик2=40702810100000000777")).Documents);

        Assert.Equal("Some random payer", document.Payer.Name);
        Assert.Equal("40702810100000000777", document.Payer.Account);
    }

    [Theory]
    [InlineData("700", "700")]
    [InlineData("14000", "14000")]
    [InlineData("1234.5", "1234.5")]
    [InlineData("1234,56", "1234.56")]
    [InlineData("0.01", "0.01")]
    public void Amounts_with_or_without_decimals_are_exact_decimals(string written, string expected)
    {
        var document = Assert.Single(Parse(Document("Сумма=" + written)).Documents);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), document.Amount);
        Assert.Equal(expected, document.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Direction_and_execution_date_come_from_our_accounts()
    {
        var statement = StatementParser.ParseFile(temp.Write("s.txt", StatementText.Lines("Windows"), BankSamples.Cp1251));
        var incoming = statement.Documents[0];
        var outgoing = statement.Documents[1];

        Assert.Equal(Direction.Incoming, incoming.DirectionFor(Ours));
        Assert.Equal(new DateOnly(2019, 2, 9), incoming.ExecutionDateFor(Ours)); // ДатаПоступило, not Дата 08.02
        Assert.Equal(new DateOnly(2019, 2, 8), incoming.Date);
        Assert.Equal(Direction.Outgoing, outgoing.DirectionFor(Ours));
        Assert.Equal(Direction.Unknown, outgoing.DirectionFor(new HashSet<string> { "40702810000000000999" }));
        Assert.Equal(Direction.OwnTransfer, outgoing.DirectionFor(new HashSet<string> { "40702810900000000001", "40702810000000000002" }));
        Assert.Equal("7707083893", outgoing.Recipient.Inn);
        Assert.Equal("ПАО \"ЯНДЕКС\"", outgoing.Recipient.Name);
    }

    [Fact]
    public void Execution_date_falls_back_to_the_document_date()
    {
        var document = Assert.Single(Parse(Document("Сумма=1", "ПолучательСчет=40702810900000000001")).Documents);

        Assert.Equal(new DateOnly(2019, 2, 9), document.ExecutionDateFor(Ours));
    }

    [Fact]
    public void Several_accounts_and_balance_sections_in_one_file_are_all_kept()
    {
        var lines = new List<string>
        {
            "1CClientBankExchange", "ВерсияФормата=1.02", "Кодировка=Windows",
            "РасчСчет=40702810900000000001", "РасчСчет=40702810900000000002",
            "СекцияРасчСчет", "ДатаНачала=09.02.2019", "РасчСчет=40702810900000000001", "НачальныйОстаток=248", "КонецРасчСчет",
            "", "СекцияРасчСчет", "ДатаНачала=09.02.2019", "РасчСчет=40702810900000000002", "НачальныйОстаток=-15.5", "КонецРасчСчет",
            "КонецФайла", "anything after the end is ignored",
        };

        var statement = StatementParser.ParseFile(temp.Write("accounts.txt", lines, BankSamples.Cp1251));

        Assert.Equal(["40702810900000000001", "40702810900000000002"], statement.Header.Accounts);
        Assert.Equal([248m, -15.5m], statement.Balances.Select(b => b.OpeningBalance));
        Assert.Equal([6, 12], statement.Balances.Select(b => b.LineNumber));
        Assert.Empty(statement.Documents);
    }

    [Fact]
    public void Items_stream_in_file_order_from_a_stream_that_cannot_seek()
    {
        var bytes = BankSamples.Cp1251.GetBytes(string.Join("\r\n", StatementText.Lines("Windows")));
        using var stream = new ForwardOnlyStream(bytes);

        var kinds = StatementParser.Read(stream).Select(item => item.GetType().Name).ToList();

        Assert.Equal(["StatementHeader", "BalanceSection", "BankDocument", "BankDocument"], kinds);
        Assert.False(stream.Disposed);
    }

    private Statement Parse(List<string> lines) =>
        StatementParser.ParseFile(temp.Write("statement.txt", lines, BankSamples.Cp1251));

    private static List<string> Document(params string[] fields) =>
    [
        "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows",
        "СекцияДокумент=Платежное поручение", "Номер=1", "Дата=09.02.2019",
        .. fields,
        "КонецДокумента", "КонецФайла",
    ];

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public bool Disposed { get; private set; }

        public override bool CanSeek => false;

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
