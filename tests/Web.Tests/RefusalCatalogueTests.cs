using System.Reflection;
using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Clients;
using BackOffice.Ledger.Documents;
using Party = BackOffice.Ledger.Documents.Party;
using BackOffice.Ledger.Organisations;
using BackOffice.Reports.Engine;
using BackOffice.Sync.Bank;
using BackOffice.Tickets.Desk;
using BackOffice.Web.Pages;

namespace BackOffice.Web.Tests;

/// <summary>Every rule a feature can refuse by has its Russian words, so a new rule cannot reach the pages in English.</summary>
public class RefusalCatalogueTests
{
    static readonly Assembly[] Features =
        [typeof(ClientBook).Assembly, typeof(ReviewDesk).Assembly, typeof(TicketDesk).Assembly, typeof(ReportEngine).Assembly, typeof(RussianRefusals).Assembly];

    static IReadOnlyList<(string Where, RefusalCode Code)> AllCodes() =>
        Features.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => f.FieldType == typeof(RefusalCode))
                .Select(f => ($"{t.FullName}.{f.Name}", (RefusalCode)f.GetValue(null)!)))
            .ToList();

    [Fact]
    public void Every_code_the_features_can_raise_has_a_Russian_template()
    {
        var codes = AllCodes();
        Assert.True(codes.Count > 50, $"only {codes.Count} codes found: the scan is looking in the wrong place");
        Assert.Empty(codes.Where(c => !RussianRefusals.Knows(c.Code.Name)).Select(c => $"{c.Where} = {c.Code.Name}"));
    }

    [Fact]
    public void No_two_rules_share_a_code()
    {
        var twice = AllCodes().GroupBy(c => c.Code.Name).Where(g => g.Count() > 1).Select(g => string.Join(", ", g.Select(c => c.Where)));
        Assert.Empty(twice);
    }

    [Fact]
    public void A_refusal_is_shown_in_Russian_with_the_values_the_English_names_and_an_unknown_one_as_written()
    {
        var inn = Requisites.InnRefusal("7708305900", "inn")!;
        Assert.Equal("ИНН «7708305900» не проходит проверку 10-й цифры: должна быть 1, а стоит 0.", RussianRefusals.Russian(inn));

        var published = new Conflict(new RefusalCode("invoice.already-published"), $"Invoice {"№ 72001"} is already published (status {"paid"}).");
        Assert.Equal("Счёт № 72001 уже выставлен (статус: оплачен).", RussianRefusals.Russian(published));

        Assert.Equal("Something new.", RussianRefusals.Russian(new Conflict(new RefusalCode("nobody.knows"), $"Something new.")));
        Assert.Equal("Without a code.", RussianRefusals.Russian(new Conflict("Without a code.")));
    }

    [Fact]
    public void A_list_of_invoices_with_their_statuses_reads_in_English_for_the_verb_and_in_Russian_words_on_the_page()
    {
        var closed = new Conflict(ReviewDesk.InvoicesClosed,
            $"Invoice {new InvoicesSaying([(72001, "paid"), (72002, "cancelled")], status => $"is {status}")}; send the money to credit instead.");
        Assert.Equal("Invoice № 72001 is paid, № 72002 is cancelled; send the money to credit instead.", closed.Message);
        Assert.Equal("Эти счета уже не ждут оплаты (№ 72001 — оплачен, № 72002 — отменён): деньги на них не зачислить.", RussianRefusals.Russian(closed));
    }

    [Fact]
    public void A_review_reason_is_worded_in_Russian_from_its_code_and_one_queued_before_codes_as_written()
    {
        ReviewItem Queued(string english, string? code, IReadOnlyList<string>? arguments) =>
            new(1, 2, "7", new DateOnly(2026, 11, 20), 10m, "ООО «Плательщик»", null, "Оплата", english, [], DateTime.UtcNow, code, arguments);

        Assert.Equal("ИНН плательщика 7708305892 (КПП не указан) — у 2 клиентов. В назначении назван счёт № 72801.",
            RussianRefusals.Russian(Queued("2 clients have the payer's INN … The purpose names invoice № 72801.", "queue.inn-shared-naming-invoice",
                ["2", "7708305892", "none", "72801"])));
        Assert.Equal("Neither account is ours.", RussianRefusals.Russian(Queued("Neither account is ours.", null, null)));
    }

    [Fact]
    public async Task Refusals_the_pages_used_to_show_in_English_keep_their_English_for_the_verbs_and_read_in_Russian_on_the_page()
    {
        // Publishing checks the organisation's payment QR: a bank name longer than the standard allows names the field.
        var bank = new BankAccount("40702810502080001823", "044525225", "Публичное акционерное общество «Сбербанк России»", "30101810400000000225");
        var qr = Assert.Throws<InvalidInput>(() => PaymentQr.Payload(new InvoiceDocument(1, DateOnly.MinValue, DateOnly.MinValue,
            new Party("ООО «Ромашка»", "7708305892", null, null, null), bank, new Party("-", null, null, null, null), [], 1m, 0m, null, 0m)));
        Assert.Equal("The payment QR's BankName (the bank's name) is 48 characters; ГОСТ Р 56042-2014 allows 45: «Публичное акционерное общество «Сбербанк России»».",
            qr.Message);
        Assert.Equal("Поле QR-кода оплаты «наименование банка (BankName)» длиной 48 знаков, а ГОСТ Р 56042-2014 допускает 45: " +
                     "«Публичное акционерное общество «Сбербанк России»».", RussianRefusals.Russian(qr));

        var vat = Assert.Throws<InvalidInput>(() => Vat.RateOn(new DateOnly(2003, 12, 31), [new VatRate(new DateOnly(2004, 1, 1), 18m)]));
        Assert.Equal("No VAT rate is known for 31/12/2003; add one to vat_rates.", vat.Message);
        Assert.Equal("Ставка НДС на 31.12.2003 неизвестна: добавьте её в таблицу vat_rates.", RussianRefusals.Russian(vat));

        // The statement page's status filter: refused before the database is asked.
        var status = await Assert.ThrowsAsync<InvalidInput>(() =>
            new BankLedger(null!, TimeProvider.System).DocumentsAsync(new DocumentFilter { Status = "lost", Limit = 10 }));
        Assert.Equal("A bank document's status is one of matched, partial, credit, review, ignored, outgoing, transfer, not 'lost'.", status.Message);
        Assert.Equal("«lost» — не статус документа банка.", RussianRefusals.Russian(status));

        var spent = new Conflict(PaymentReversal.CreditSpent, $"Payment #{41L} left {Money.Format(12500m)} of credit to client #{7583}, who holds only " +
            $"{Money.Format(300m)} now (the rest was spent on other invoices); take it back from those invoices first.");
        Assert.Equal("Платёж #41 оставил клиенту #7583 аванс 12 500,00, а у клиента сейчас только 300,00 (остальное ушло на другие счета): " +
                     "сначала снимите аванс с тех счетов.", RussianRefusals.Russian(spent));

        // A CSV row's date in another format: the verb's message names the row, the page the line and column.
        var csvDate = StatementRejected.CsvRow(3, 4, "Дата", StatementRejected.CsvNotADate, $"'{"31-12-2026"}' is not a date ({"dd.MM.yyyy"})");
        Assert.Equal("row 3 (line 4), column 'Дата': '31-12-2026' is not a date (dd.MM.yyyy)", csvDate.Message);
        Assert.Equal("строка 4, ключ Дата: «31-12-2026» — не дата (dd.MM.yyyy).", RussianRefusals.Russian(csvDate));

        var paid = new Conflict(PaymentBook.InvoiceClosed, $"Invoice {"№ 72001"} is already {"paid"}; record the money as the client's credit instead.");
        Assert.Equal("Счёт № 72001 уже оплачен: зачислите деньги на аванс клиента.", RussianRefusals.Russian(paid));
    }
}
