using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>Every real sample parses or is rejected as samples/bank/README.md says.</summary>
public sealed class StatementSamplesTests
{
    private const string Vtb = "kilylabs__client-bank-exchange-php__one_day.txt";
    private const string VtbUtf8 = "kilylabs__client-bank-exchange-php__one_day_utf8.txt";
    private const string Dronm = "dronm__clbnk__to_bank.txt";
    private const string Oca = "OCA__bank-statement-import__1cCBE_exaple.txt";
    private const string Dmdv = "Dmdv__1c-bankstatement2ruby__1c_format_demo.txt";
    private const string Xini1 = "Xini1__client-bank-exchange__sample1.txt";
    private const string Xini2 = "Xini1__client-bank-exchange__sample2.txt";
    private const string Xini3 = "Xini1__client-bank-exchange__sample3.txt";
    private const string ZharikovDocuments = "zharikovpro__client_bank_exchange__documents.txt";
    private const string ZharikovGeneral = "zharikovpro__client_bank_exchange__general.txt";
    private const string ZharikovRemainings = "zharikovpro__client_bank_exchange__remainings.txt";

    private static readonly HashSet<string> VtbAccount = ["40702810200000000001"];

    [Fact]
    public void Every_sample_file_has_its_expectation_here()
    {
        var covered = new[] { Vtb, VtbUtf8, Dronm, Oca, Dmdv, Xini1, Xini2, Xini3, ZharikovDocuments, ZharikovGeneral, ZharikovRemainings };
        var present = Directory.GetFiles(BankSamples.Folder, "*.txt").Select(Path.GetFileName).Order().ToArray();

        Assert.Equal(covered.Order().ToArray(), present);
    }

    [Fact]
    public void Vtb24_statement_in_cp1251_parses_with_header_balances_and_13_documents()
    {
        var statement = BankSamples.Parse(Vtb);

        var header = statement.Header;
        Assert.Equal("windows-1251", header.DetectedEncoding);
        Assert.Equal("Windows", header.DeclaredEncoding);
        Assert.Equal("1.02", header.FormatVersion);
        Assert.Equal("Банк Клиент Онлайн", header.Sender);
        Assert.Equal(new DateOnly(2016, 1, 12), header.CreatedOn);
        Assert.Equal(new TimeOnly(10, 3, 13), header.CreatedAt);
        Assert.Equal(new DateOnly(2016, 1, 11), header.PeriodFrom);
        Assert.Equal(new DateOnly(2016, 1, 11), header.PeriodTo);
        Assert.Equal(["40702810200000000001"], header.Accounts);

        var balance = Assert.Single(statement.Balances);
        Assert.Equal(45329.91m, balance.OpeningBalance);
        Assert.Equal(40000.00m, balance.TotalIn);
        Assert.Equal(41184.00m, balance.TotalOut);
        Assert.Equal(44145.91m, balance.ClosingBalance);

        Assert.Equal(13, statement.Documents.Count);
        Assert.Equal(6, statement.Documents.Count(d => d.Kind == "Банковский ордер"));
        Assert.Equal(7, statement.Documents.Count(d => d.Kind == "Платежное поручение"));

        var first = statement.Documents[0];
        Assert.Equal(20, first.LineNumber);
        Assert.Equal("697162", first.Number);
        Assert.Equal(83.23m, first.Amount);
        Assert.Equal("Some random payer", first.Payer.Name);
        Assert.Equal("123123123123", first.Payer.Inn);
        Assert.Null(first.Payer.Kpp);
        Assert.Equal("044525716", first.Payer.Bic);
        Assert.Equal("ВТБ 24 (ПАО)", first.Payer.BankName);
        Assert.Equal("30101810100000000716", first.Payer.CorrespondentAccount);
        Assert.Equal(new DateOnly(2016, 1, 11), first.WrittenOffDate);
        Assert.Null(first.ReceivedDate);
        Assert.Equal("статус документа: Внешний", first.Fields["КвитанцияСодержание"]);

        var incoming = statement.Documents.Single(d => d.Number == "5");
        Assert.Equal(6000.00m, incoming.Amount);
        Assert.Equal("123123123", incoming.Payer.Kpp);
        Assert.Equal("ПАО АКБ \"МЕТАЛЛИНВЕСТБАНК\"", incoming.Payer.BankName);
        Assert.Equal(Direction.Incoming, incoming.DirectionFor(VtbAccount));
        Assert.Equal(new DateOnly(2016, 1, 11), incoming.ExecutionDateFor(VtbAccount));
        Assert.Equal(3, statement.Documents.Count(d => d.DirectionFor(VtbAccount) == Direction.Incoming));
    }

    [Fact]
    public void Vtb24_statement_totals_agree_with_its_documents()
    {
        var check = Assert.Single(BankSamples.Parse(Vtb).CheckBalances());

        Assert.Equal(40000.00m, check.ComputedIn);
        Assert.Equal(3, check.DocumentsIn);
        Assert.Equal(41184.00m, check.ComputedOut);
        Assert.Equal(10, check.DocumentsOut);
        Assert.Equal(0m, check.ClosingDifference);
        Assert.True(check.Agrees);
    }

    [Fact]
    public void Utf8_twin_whose_header_says_Windows_is_read_as_utf8_and_gives_the_same_documents()
    {
        var cp1251 = BankSamples.Parse(Vtb);
        var utf8 = BankSamples.Parse(VtbUtf8);

        Assert.Equal("utf-8", utf8.Header.DetectedEncoding);
        Assert.Equal("Windows", utf8.Header.DeclaredEncoding);
        Assert.Equal(Project(cp1251), Project(utf8));
        Assert.Equal("Some random payee", utf8.Documents[0].Recipient.Name);
    }

    [Fact]
    public void Dronm_exporter_output_with_a_kindless_document_is_rejected_at_line_10()
    {
        var error = Assert.Throws<StatementRejected>(() => BankSamples.Parse(Dronm));

        Assert.Equal(10, error.LineNumber);
        Assert.Equal("СекцияДокумент", error.Key);
        Assert.StartsWith("line 10, key СекцияДокумент: the document has no kind", error.Message);
    }

    [Fact]
    public void Oca_spec_example_parses_despite_its_typos_and_recovers_inn_and_kpp_from_names()
    {
        var statement = BankSamples.Parse(Oca);

        Assert.Equal("windows-1251", statement.Header.DetectedEncoding);
        Assert.Equal("Wirdows", statement.Header.DeclaredEncoding);
        Assert.Equal("1.01", statement.Header.FormatVersion);
        Assert.Equal(["40702810000000000041"], statement.Header.Accounts);
        Assert.Equal(["Платежное поручение"], statement.Header.DocumentKinds);
        Assert.Equal(["16", "632", "12", "13", "13"], statement.Documents.Select(d => d.Number));

        var first = statement.Documents[0];
        Assert.Equal(17000.00m, first.Amount);
        Assert.Equal(new DateOnly(2007, 11, 15), first.Date);
        Assert.Equal("ООО \"Лучший Клиент\"", first.Payer.Name);
        Assert.Equal("7718123456", first.Payer.Inn);
        Assert.Equal("771801001", first.Payer.Kpp);
        Assert.Equal("40702810000000000041", first.Payer.Account);
        Assert.Equal("7736654321", first.Recipient.Inn);
        Assert.Equal("ЗАО \"Надежный Партнер\"", first.Recipient.Name);
        Assert.Equal("6", first.Fields["Очередность"]);
        Assert.StartsWith("Оплата услуг на основании договора №1441-22/07 Cумма 17000-00", first.Purpose);
        Assert.Empty(InvoiceNumberExtractor.Extract(first.Purpose));
        Assert.Equal(Direction.Outgoing, first.DirectionFor(new HashSet<string>(statement.Header.Accounts)));

        Assert.Equal(["220"], InvoiceNumberExtractor.Extract(statement.Documents[1].Purpose));
        Assert.Equal("УФК по Московской области (ИФНС России по г.Одинцово)", statement.Documents[2].Recipient.Name);
        Assert.Equal("5032004159", statement.Documents[2].Recipient.Inn);
    }

    [Fact]
    public void Oca_balance_section_of_another_account_is_reported_as_not_agreeing()
    {
        var check = Assert.Single(BankSamples.Parse(Oca).CheckBalances());

        Assert.Equal("40702810435100027397", check.Section.Account);
        Assert.Equal(0m, check.ComputedOut);
        Assert.Equal(-25560m, check.DifferenceOut);
        Assert.Equal(0m, check.DifferenceIn);
        Assert.Equal(0m, check.ClosingDifference);
        Assert.False(check.Agrees);
    }

    [Fact]
    public void Dmdv_demo_parses_with_blank_lines_and_empty_received_date()
    {
        var statement = BankSamples.Parse(Dmdv);

        Assert.Equal("windows-1251", statement.Header.DetectedEncoding);
        Assert.Equal("Банк-Клиент ЗАО", statement.Header.Sender);
        Assert.Equal(2, statement.Documents.Count);
        var first = statement.Documents[0];
        Assert.Equal(21, first.LineNumber);
        Assert.Equal(23.00m, first.Amount);
        Assert.Equal("ООО \"Услуги инфо\"", first.Payer.Name);
        Assert.Equal("6672307097", first.Payer.Inn);
        Assert.Equal("665801001", first.Payer.Kpp);
        Assert.Equal("ЕКАТЕРИНБУРГСКИЙ ФИЛИАЛ ОАО БАНК", first.Recipient.Name);
        Assert.Equal("1122334455", first.Recipient.Inn);
        Assert.Null(first.ReceivedDate);
        Assert.Equal(new DateOnly(2013, 1, 11), first.WrittenOffDate);
        Assert.Equal(new DateOnly(2013, 1, 12), statement.Documents[1].Date);
    }

    [Fact]
    public void Dmdv_demo_totals_do_not_match_its_two_documents_and_the_difference_is_reported()
    {
        var check = Assert.Single(BankSamples.Parse(Dmdv).CheckBalances());

        Assert.Equal(46.00m, check.ComputedOut);
        Assert.Equal(2, check.DocumentsOut);
        Assert.Equal(46.00m - 200000.00m, check.DifferenceOut);
        Assert.Equal(-200001.00m, check.DifferenceIn);
        Assert.False(check.Agrees);
    }

    [Fact]
    public void Xini1_every_field_sample_in_utf8_without_final_newline_parses_two_balances_and_two_documents()
    {
        var statement = BankSamples.Parse(Xini1);

        Assert.Equal("utf-8", statement.Header.DetectedEncoding);
        Assert.Equal("1.03", statement.Header.FormatVersion);
        Assert.Equal(["Платежное поручение", "Платежное требование"], statement.Header.DocumentKinds);
        Assert.Equal(["12345678901234567890", "12345678901234567891"], statement.Balances.Select(b => b.Account));
        Assert.Equal(["Платежное поручение", "Платежное требование"], statement.Documents.Select(d => d.Kind));
        var first = statement.Documents[0];
        Assert.Equal(10.10m, first.Amount);
        Assert.Equal("Плательщик", first.Payer.Name);
        Assert.Equal("123456789", first.Payer.Kpp);
        Assert.Equal("НазначениеПлатежа", first.Purpose);
        Assert.Equal("НазначениеПлатежа6", first.Fields["НазначениеПлатежа6"]);
        Assert.Equal("ДатаОтсылкиДок", first.Fields.Keys.Last());
        Assert.False(statement.CheckBalances()[0].Agrees);
    }

    [Fact]
    public void Xini1_rostelecom_payment_order_v101_parses()
    {
        var statement = BankSamples.Parse(Xini2);

        Assert.Equal("utf-8", statement.Header.DetectedEncoding);
        Assert.Equal("1.01", statement.Header.FormatVersion);
        Assert.Empty(statement.Balances);
        var document = Assert.Single(statement.Documents);
        Assert.Equal("119", document.Number);
        Assert.Equal(0.01m, document.Amount);
        Assert.Equal("ПАО \"Ростелеком\"", document.Payer.Name);
        Assert.Equal("7707049388", document.Payer.Inn);
        Assert.Equal("770545001", document.Payer.Kpp);
        Assert.Equal("7722698789", document.Recipient.Inn);
        Assert.Equal("774550001", document.Recipient.Kpp);
        Assert.Equal("2021730100412217000244871", document.Fields["Код"]);
    }

    [Fact]
    public void Xini1_rostelecom_budget_payment_v103_parses_and_its_contract_number_is_no_invoice()
    {
        var statement = BankSamples.Parse(Xini3);

        Assert.Equal("1.03", statement.Header.FormatVersion);
        Assert.Null(statement.Header.Receiver);
        var document = Assert.Single(statement.Documents);
        Assert.Equal("288", document.Number);
        Assert.Equal("03100643000000015400", document.Recipient.Account);
        Assert.Equal("5753029294", document.Recipient.Inn);
        Assert.Equal("015402901", document.Recipient.Bic);
        Assert.StartsWith("Расчет по договору N 0320 от 21.06.2021", document.Purpose);
        Assert.Empty(InvoiceNumberExtractor.Extract(document.Purpose));
    }

    [Fact]
    public void Zharikovpro_documents_fixture_with_lf_line_ends_parses()
    {
        var statement = BankSamples.Parse(ZharikovDocuments);

        Assert.Equal("windows-1251", statement.Header.DetectedEncoding);
        Assert.Null(statement.Header.PeriodFrom);
        Assert.Empty(statement.Header.Accounts);
        Assert.Equal("40000000000000000000", Assert.Single(statement.Balances).Account);
        Assert.Equal([1000.00m, 2000.00m], statement.Documents.Select(d => d.Amount));
        var first = statement.Documents[0];
        Assert.Equal("Иван Иванович Иванов", first.Payer.Name);
        Assert.Equal("000000000001", first.Payer.Inn);
        Assert.Null(first.Recipient.Inn); // "0000000000" means none
        Assert.Null(first.Payer.Kpp);
        Assert.Equal("ООО ПОЛУЧАТЕЛЬ", first.Recipient.Name);
    }

    [Fact]
    public void Zharikovpro_header_only_fixture_has_no_end_of_file_and_is_rejected_as_truncated()
    {
        var error = Assert.Throws<StatementRejected>(() => BankSamples.Parse(ZharikovGeneral));

        Assert.Equal("line 7, key КонецФайла: the file ends at line 7 without КонецФайла: truncated file", error.Message);
    }

    [Fact]
    public void Zharikovpro_balances_only_fixture_has_no_end_of_file_and_is_rejected_as_truncated()
    {
        var error = Assert.Throws<StatementRejected>(() => BankSamples.Parse(ZharikovRemainings));

        Assert.Equal(10, error.LineNumber);
        Assert.Contains("without КонецФайла", error.Message);
    }

    private static string[] Project(Statement statement) =>
        statement.Documents
            .Select(d => string.Join("|", d.LineNumber, d.Kind, d.Number, d.Date, d.Amount, d.Payer, d.Recipient, d.Purpose,
                d.WrittenOffDate, d.ReceivedDate, string.Join(";", d.Fields.Select(f => f.Key + "=" + f.Value))))
            .ToArray();
}
