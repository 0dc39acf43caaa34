using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Documents;
using BackOffice.Tests.Support;
using Xunit;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Documents;

public class InvoicePdfTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
    }

    /// <summary>Client #7583's renewal of seed 003 (the invoice 71475), published as № 72816 by the cloud company (no VAT).</summary>
    async Task<long> RenewalAsync()
    {
        await new RenewalInvoicer(Db, Clock).RunAsync(new DateOnly(2019, 1, 12), 20);
        return First;
    }

    [Fact]
    public async Task The_form_prints_the_sellers_bank_block_parties_lines_totals_and_the_amount_in_words()
    {
        var number = await RenewalAsync();

        var (document, pdf) = await new InvoiceDocuments(Db).RenderAsync(number);
        using var probe = new PdfProbe(pdf);
        var text = probe.Text();

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.Contains($"Счет на оплату № {number} от 12 января 2019 г.", text);
        foreach (var expected in new[]
                 {
                     "АО \"АЛЬФА-БАНК\"", "044525593", "30101810200000000593", "40702810502080001823", "ИНН 7709983032", "КПП 770901001",
                     "ООО «Лайв Технологии»", "Банк получателя", "Получатель", "Поставщик", "Покупатель",
                     "Доступ на пользователя \"Стандарт\" (01/02/2019 - 31/07/2019)", "22 800,00", "12 825,00", "13 380,00", "-669,00",
                     "Без налога (НДС)", "Всего к оплате:", "48 336,00",
                     "Всего наименований 4, на сумму 48 336,00 руб.", "Сорок восемь тысяч триста тридцать шесть рублей 00 копеек",
                     "Оплатить не позднее 1 февраля 2019 г.", "Руководитель", "Бухгалтер", "Ёлкин А. В.", "Семёнова О. Н.",
                 })
            Assert.Contains(expected, text);
        Assert.DoesNotContain("В том числе НДС", text);
        Assert.Equal(4, document.Lines.Count);
        // Every font embedded as a subset (pdffonts: emb yes, sub yes); the Cyrillic one is Unicode with a ToUnicode map
        // (the text above came from it), the plain-Latin one WinAnsi (PDFsharp's automatic encoding).
        var fonts = probe.Fonts().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, l => Assert.Matches(@"^\w{6}\+Liberation Sans.*\byes\s+yes\s+(yes|no)\s", l));
        Assert.Contains(fonts, l => l.Contains("Identity-H") && System.Text.RegularExpressions.Regex.IsMatch(l, @"yes\s+yes\s+yes"));
    }

    [Fact]
    public async Task An_invoice_of_the_vat_paying_organisation_states_the_vat_included()
    {
        var id = (await new InvoiceBook(Db, Clock).CreateDraftAsync(new DraftInvoice(7583, Formula, new DateOnly(2026, 2, 9), new DateOnly(2026, 2, 19),
            [Line("Сопровождение 1С (февраль 2026)", 12200m)]))).Invoice.Id;
        await new InvoiceDesk(Db, Clock).PublishAsync(id, "test", dryRun: false);

        var (document, pdf) = await new InvoiceDocuments(Db).RenderAsync(First);
        using var probe = new PdfProbe(pdf);
        var text = probe.Text();

        Assert.Equal((22m, 2200m), (document.VatRate, document.VatAmount));
        Assert.Contains("В том числе НДС 22 %:", text);
        Assert.Contains("2 200,00", text);
        Assert.Contains("ПАО СБЕРБАНК", text);
        Assert.Contains("40702810538000123456", text);
        Assert.Contains("ООО «Формула ИТ»", text);
        Assert.DoesNotContain("Без налога", text);
        Assert.Contains("Двенадцать тысяч двести рублей 00 копеек", text);
    }

    [Fact]
    public async Task The_payment_qr_decoded_from_the_page_carries_every_field()
    {
        var number = await RenewalAsync();

        var (document, pdf) = await new InvoiceDocuments(Db).RenderAsync(number);
        using var probe = new PdfProbe(pdf);
        var code = Assert.Single(probe.QrCodes());

        Assert.StartsWith("ST00012|", code);
        var fields = code["ST00012|".Length..].Split('|').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Name"] = "ООО «Лайв Технологии»", ["PersonalAcc"] = "40702810502080001823", ["BankName"] = "АО \"АЛЬФА-БАНК\"",
            ["BIC"] = "044525593", ["CorrespAcc"] = "30101810200000000593", ["PayeeINN"] = "7709983032", ["KPP"] = "770901001",
            ["Sum"] = "4833600", ["Purpose"] = $"Оплата по счету № {number} от 12.01.2019. Без налога (НДС)",
        }, fields);
        Assert.Equal(PaymentQr.Payload(document), code);
    }

    [Fact]
    public async Task The_forms_terms_are_read_without_rendering_the_same_as_the_pdf_prints_them_and_a_draft_or_missing_number_is_refused()
    {
        var number = await RenewalAsync();
        var documents = new InvoiceDocuments(Db);

        var read = await documents.LoadAsync(number);
        var (rendered, _) = await documents.RenderAsync(number);

        Assert.Equal((rendered.Number, rendered.ToPay, rendered.Seller, rendered.Buyer, rendered.Bank), (read.Number, read.ToPay, read.Seller, read.Buyer, read.Bank));
        Assert.Equal(rendered.Lines, read.Lines);
        Assert.Contains("№ 99999", (await Assert.ThrowsAsync<NotFound>(() => documents.LoadAsync(99999))).Message);
    }
}
