using System.Text;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

public sealed class CsvStatementReaderTests : IDisposable
{
    private const string Own = "40702810900000000001";

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static CsvStatementMap SignedAmountMap => new()
    {
        Separator = ';',
        EncodingName = "windows-1251",
        DecimalSeparator = ',',
        DateFormat = "dd.MM.yyyy",
        OwnAccount = Own,
        Number = "Номер",
        Date = "Дата",
        Amount = "Сумма",
        PayerName = "Плательщик",
        PayerInn = "ИНН плательщика",
        PayerKpp = "КПП плательщика",
        PayerAccount = "Счет плательщика",
        PayerBic = "БИК плательщика",
        RecipientName = "Получатель",
        RecipientInn = "ИНН получателя",
        RecipientAccount = "Счет получателя",
        Purpose = "Назначение платежа",
    };

    private static readonly string[] SignedAmountRows =
    [
        "Номер;Дата;Сумма;Плательщик;ИНН плательщика;КПП плательщика;Счет плательщика;БИК плательщика;Получатель;ИНН получателя;Счет получателя;Назначение платежа",
        "415;09.02.2019;53 245,50;ООО \"Ёлка\";7718123456;771801001;40702810100000000777;044525225;;;;\"Оплата по счету № 72815 от 09.02.19; НДС не облагается\"",
        "16;10.02.2019;-700,00;;;;;;ПАО \"ЯНДЕКС\";7707083893;40702810000000000002;Оплата услуг",
    ];

    [Fact]
    public void Rows_with_a_signed_amount_column_become_documents()
    {
        var documents = Read(SignedAmountMap, SignedAmountRows, BankSamples.Cp1251);

        Assert.Equal(2, documents.Count);
        var incoming = documents[0];
        Assert.Equal("415", incoming.Number);
        Assert.Equal(new DateOnly(2019, 2, 9), incoming.Date);
        Assert.Equal(53245.50m, incoming.Amount);
        Assert.Equal("ООО \"Ёлка\"", incoming.Payer.Name);
        Assert.Equal("7718123456", incoming.Payer.Inn);
        Assert.Equal("771801001", incoming.Payer.Kpp);
        Assert.Equal("044525225", incoming.Payer.Bic);
        Assert.Equal(Own, incoming.Recipient.Account);
        Assert.Equal("Оплата по счету № 72815 от 09.02.19; НДС не облагается", incoming.Purpose);
        Assert.Equal(Direction.Incoming, incoming.DirectionFor(new HashSet<string> { Own }));
        Assert.Equal(2, incoming.LineNumber);
        Assert.Equal("53 245,50", incoming.Fields["Сумма"]);

        var outgoing = documents[1];
        Assert.Equal(700.00m, outgoing.Amount);
        Assert.Equal(Own, outgoing.Payer.Account);
        Assert.Equal("7707083893", outgoing.Recipient.Inn);
        Assert.Equal(Direction.Outgoing, outgoing.DirectionFor(new HashSet<string> { Own }));
        Assert.Equal(new DateOnly(2019, 2, 10), outgoing.ExecutionDateFor(Direction.Outgoing));
    }

    [Fact]
    public void Separate_incoming_and_outgoing_columns_in_utf8_with_decimal_point()
    {
        var map = new CsvStatementMap
        {
            Separator = ',',
            EncodingName = "utf-8",
            DecimalSeparator = '.',
            DateFormat = "yyyy-MM-dd",
            OwnAccount = Own,
            Date = "date",
            Number = "no",
            Incoming = "credit",
            Outgoing = "debit",
            PayerName = "payer",
            Purpose = "purpose",
        };
        string[] rows =
        [
            "date,no,credit,debit,payer,purpose",
            "2024-03-01,1,1500.25,,ООО Ромашка,Оплата сч. 124",
            "2024-03-02,2,0,99.9,,Комиссия банка",
        ];

        var documents = Read(map, rows, new UTF8Encoding(false));

        Assert.Equal([1500.25m, 99.9m], documents.Select(d => d.Amount));
        Assert.Equal([Own, null], documents.Select(d => d.Recipient.Account));
        Assert.Equal([null, Own], documents.Select(d => d.Payer.Account));
        Assert.Equal("ООО Ромашка", documents[0].Payer.Name);
        Assert.Equal(new DateOnly(2024, 3, 2), documents[1].WrittenOffDate);
    }

    [Fact]
    public void Header_without_the_mapped_columns_is_refused_naming_them()
    {
        string[] rows = ["Номер;Дата операции;Сумма;Назначение", "1;09.02.2019;10,00;x"];
        var map = new CsvStatementMap { Number = "Номер", Date = "Дата", Amount = "Сумма", Purpose = "Назначение платежа" };

        var error = Assert.Throws<StatementRejected>(() => Read(map, rows, BankSamples.Cp1251));

        Assert.Equal(
            "line 1: the CSV header has no column 'Дата', 'Назначение платежа' that the column map names (separator ';'; columns found: 'Номер', 'Дата операции', 'Сумма', 'Назначение')",
            error.Message);
    }

    [Fact]
    public void Wrong_separator_shows_as_missing_columns()
    {
        string[] rows = ["Номер,Дата,Сумма", "1,09.02.2019,10"];
        var map = new CsvStatementMap { Number = "Номер", Date = "Дата", Amount = "Сумма" };

        var error = Assert.Throws<StatementRejected>(() => Read(map, rows, BankSamples.Cp1251));

        Assert.Contains("no column 'Номер', 'Дата', 'Сумма'", error.Message);
        Assert.Contains("columns found: 'Номер,Дата,Сумма'", error.Message);
    }

    [Fact]
    public void Row_with_an_unreadable_amount_is_refused_naming_row_and_column()
    {
        var rows = SignedAmountRows.ToArray();
        rows[2] = rows[2].Replace("-700,00", "12,3x");

        var error = Assert.Throws<StatementRejected>(() => Read(SignedAmountMap, rows, BankSamples.Cp1251));

        Assert.Equal("row 2 (line 3), column 'Сумма': '12,3x' is not an amount", error.Message);
        Assert.Equal("Сумма", error.Key);
    }

    [Fact]
    public void Row_with_an_impossible_date_is_refused_naming_row_and_column()
    {
        var rows = SignedAmountRows.ToArray();
        rows[1] = rows[1].Replace("09.02.2019", "31.02.2019");

        var error = Assert.Throws<StatementRejected>(() => Read(SignedAmountMap, rows, BankSamples.Cp1251));

        Assert.Equal("row 1 (line 2), column 'Дата': '31.02.2019' is not a date (dd.MM.yyyy)", error.Message);
    }

    [Fact]
    public void Map_with_neither_amount_nor_incoming_outgoing_is_refused_at_construction()
    {
        var map = new CsvStatementMap { Date = "Дата", Number = "Номер" };

        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new CsvStatementReader(map));

        Assert.Contains("map either Amount or both Incoming and Outgoing", error.Message);
    }

    private IReadOnlyList<BankDocument> Read(CsvStatementMap map, string[] rows, Encoding encoding)
    {
        var file = temp.Write("statement.csv", rows, encoding);
        return new CsvStatementReader(map).ReadFile(file);
    }

    [Fact]
    public void A_map_without_a_number_column_is_refused_at_construction_and_every_problem_is_named_with_its_key()
    {
        var map = new CsvStatementMap { Date = "Дата", Amount = "Сумма", EncodingName = "koi9", DateFormat = "", OwnAccount = "4070" };

        Assert.Contains("map Number", Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            new CsvStatementReader(new CsvStatementMap { Date = "Дата", Amount = "Сумма" })).Message);
        var problems = map.Problems("BackOffice:Bank:Csv");
        Assert.Contains(problems, p => p.StartsWith("BackOffice:Bank:Csv:Number: map Number (the column holding the payment order number)"));
        Assert.Contains("BackOffice:Bank:Csv:EncodingName: EncodingName 'koi9' is not an encoding (e.g. windows-1251, utf-8)", problems);
        Assert.Contains(problems, p => p.StartsWith("BackOffice:Bank:Csv:DateFormat: "));
        Assert.Contains("BackOffice:Bank:Csv:OwnAccount: OwnAccount '4070' is not a 20-digit settlement account", problems);
        Assert.Empty(new CsvStatementMap { Date = "Дата", Amount = "Сумма", Number = "Номер" }.Problems("BackOffice:Bank:Csv"));
    }
}
