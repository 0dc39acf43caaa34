using System.Reflection;
using BackOffice.Ledger;
using BackOffice.Ledger.Clients;
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
}
