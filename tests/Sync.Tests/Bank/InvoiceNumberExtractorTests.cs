using System.Text.RegularExpressions;
using BackOffice.Sync.Bank;

namespace BackOffice.Sync.Tests.Bank;

public sealed class InvoiceNumberExtractorTests
{
    public static TheoryData<string, string[]> Purposes => new()
    {
        // found
        { "Оплата по счету № 72815 от 09.02.19", ["72815"] },
        { "Оплата по сч.№124 от 13.12.23г", ["124"] },
        { "Оплата по счету 88#72815 от 09.02.19 за услуги хостинга", ["72815"] },
        { "Оплата по счетам 72815, 72816 и 72817. НДС не облагается", ["72815", "72816", "72817"] },
        { "счет 72815", ["72815"] },
        { "Оплата сч. 72815 без НДС", ["72815"] },
        { "по сч №72815", ["72815"] },
        { "Авансовый платеж по сч.№209 от 11.12.2023г., дог.№1 от 01.01.2023", ["209"] },
        { "Оплата по сч.34 от 31.03.2022", ["34"] },
        { "Оплата по счету 220 от 02.04.07г. за товар. Cумма 97600-00, в т.ч. НДС(18%) - 14888-14.", ["220"] },
        { "За товары, по счету №125 на сумму 175000-00", ["125"] },
        { "Оплата по счету на оплату № 72815 от 09.02.2019 в т.ч. НДС 20% 1200.00", ["72815"] },
        { "Оплата по счету от 09.02.2019 № 72815", ["72815"] },
        { "Оплата по счету N72815. Сумма 12000-00", ["72815"] },
        { "Оплата по счетам №72815 от 09.02.2019, №72816 от 10.02.2019", ["72815", "72816"] },
        { "Оплата счета 72815; 72816", ["72815", "72816"] },
        { "Оплата по счету 72815, 5000-00 руб", ["72815"] },
        { "Оплата по счету № 72815, в т.ч. НДС 20% - 1666.67", ["72815"] },
        { "Оплата по Cчету 72815 (Latin C)", ["72815"] },
        { "Invoice 72815 payment", ["72815"] },
        { "ОПЛАТА ПО СЧЁТУ №72815 ОТ 09.02.2019Г. ЗА УСЛУГИ СВЯЗИ", ["72815"] },
        { "Оплата по счету 72815 повторно, см. также по счету 72815", ["72815"] },
        { "Оплата за 3 кв. 2023 по счету 15", ["15"] },
        { "Оплата по счёт-фактуре 456 и счету 72815", ["72815"] },
        { "Оплата по счету 72815 и сч/ф 72900 от 10.02.2019", ["72815"] },
        { "Оплата по счету-оферте № 3301", ["3301"] },
        { "Оплата по сч.№124от 13.12.23г", ["124"] },
        { "Оплата по счету № 72815 ОТ 09.02.2019", ["72815"] },
        // not invoices
        { "Оплата по договору №5 от 01.03.2023г.", [] },
        { "Расчет по договору N 0320 от 21.06.2021 за проведение экспертизы. Не облагается НДС", [] },
        { "Оплата по сч/ф 123 от 01.02.2023", [] },
        { "Оплата по счету-фактуре № 55 от 10.10.2022", [] },
        { "Оплата по счёт-фактуре №56", [] },
        { "Оплата по с/ф №77", [] },
        { "Оплата по сч.ф. 78", [] },
        { "Комиссия за ведение счета по счету № '40702810266000000335'", [] },
        { "Перечисление на расчетный счет 40702810900000064381", [] },
        { "Возврат на счет 40702810900000064381 ошибочно перечисленных средств", [] },
        { "Оплата услуг на основании договора №1441-22/07 Cумма 17000-00, в т.ч. НДС(18%) - 2593-22.", [] },
        { "Оплата по дог. 15 от 01.01.2023, НДС 20% - 200.00", [] },
        { "ЛС: 50133547364 оплата за март", [] },
        { "Оплата по лицевому счету 12345", [] },
        { "Перевод собственных средств на р/сч 12345", [] },
        { "Реквизиты: корр. счет 30101 в ГУ Банка России", [] },
        { "Оплата по счету от 09.02.2019", [] },
        { "Оплата по счету № 6428-РС-689 от 01.02.2023", [] },
        { "Оплата по счету №6428-рс", [] },
        { "Оплата по счету № 15А от 01.02.2023", [] },
        { "Комиссия по договору банковского счета № 1234 от 05.06.2018", [] },
        { "Плата за обслуживание по договору банковского счёта №77", [] },
        { "Оплата по счету 09.02.2019", [] },
        { "Оплата счетчика воды 5 шт", [] },
        { "Расчет 123 за услуги", [] },
        { "Комиссия за перевод. НДС не облагается", [] },
        { "", [] },
    };

    [Theory]
    [MemberData(nameof(Purposes))]
    public void Finds_invoice_numbers_and_nothing_else(string purpose, string[] expected)
    {
        Assert.Equal(expected, InvoiceNumberExtractor.Extract(purpose));
    }

    /// <summary>
    /// The extractor tries its pattern anchored at each invoice word; that must find exactly what the pattern finds
    /// scanning the whole purpose (Regex.Matches), on the cases above and on many purposes made of the pieces that
    /// decide a match (words, marks, numbers, dates, amounts, account numbers, separators).
    /// </summary>
    [Fact]
    public void Finds_what_the_whole_pattern_finds_scanning_the_purpose()
    {
        var pattern = new Regex(InvoiceNumberExtractor.InvoiceReference, InvoiceNumberExtractor.InvoiceReferenceOptions);
        string[] pieces =
        [
            "Оплата", "по", "счету", "счет", "счёта", "счетам", "сч", "сч.", "сч.№", "сч/ф", "счет-фактуре", "счету-оферте", "Cчету",
            "СЧЕТУ", "инвойс", "Invoice", "inv.", "на оплату", "№", "№ ", "N", "No.", "#", "88#", "номер", "72815", "124", "6428-РС-689",
            "15А", "от", "ОТ", "09.02.2019", "09.02.19г.", "5000-00", "1666.67", "100 руб", "40702810900000064381", "договору", "дог.",
            "банковского", "лицевому", "расчетный", "корр.", "р/", "к/", ",", ";", "и", ".", " ", "  ", "счетчика", "сч1", "исчисление",
        ];
        var random = new Random(8);
        var purposes = Purposes.Select(row => row.Data.Item1).ToList();
        for (var i = 0; i < 20_000; i++)
        {
            var words = Enumerable.Range(0, random.Next(1, 12)).Select(_ => pieces[random.Next(pieces.Length)]);
            purposes.Add(string.Join(random.Next(4) == 0 ? "" : " ", words));
        }

        foreach (var purpose in purposes)
        {
            var expected = new List<string>();
            if (!string.IsNullOrWhiteSpace(purpose))
            {
                foreach (Match match in pattern.Matches(InvoiceNumberExtractor.CyrillicLookAlikes(purpose)))
                {
                    foreach (Capture number in match.Groups["num"].Captures)
                    {
                        if (!expected.Contains(number.Value))
                        {
                            expected.Add(number.Value);
                        }
                    }
                }
            }

            Assert.True(expected.SequenceEqual(InvoiceNumberExtractor.Extract(purpose)), $"'{purpose}': expected [{string.Join(", ", expected)}]");
        }
    }

    /// <summary>The scan for a word's first letter must find every letter that an ignore-case comparison takes for it.</summary>
    [Fact]
    public void The_first_letters_scanned_for_are_every_letter_the_words_start_with_in_any_case()
    {
        for (var c = char.MinValue; c < char.MaxValue; c++)
        {
            var startsAWord = InvoiceNumberExtractor.InvoiceWords.Any(w => string.Equals(c.ToString(), w[..1], StringComparison.OrdinalIgnoreCase));
            Assert.True(startsAWord == InvoiceNumberExtractor.InvoiceWordStarts.Contains(c), $"U+{(int)c:X4} '{c}'");
        }
    }

    [Fact]
    public void Null_purpose_has_no_numbers()
    {
        Assert.Empty(InvoiceNumberExtractor.Extract(null));
    }
}

public sealed class InvoiceNumberExtractorOneCFormTests
{
    static readonly BackOffice.Sync.Accounting.DocumentNumberFormat Format = BackOffice.Sync.Accounting.DocumentNumberFormat.Parse("ЛТ00-######");

    public static TheoryData<string, string[]> Purposes => new()
    {
        { "Оплата по счету ЛТ00-072815 от 23.11.2026", ["72815"] },
        { "Оплата ЛТ00-072815 за услуги хостинга", ["72815"] },
        { "Оплата по сч. ЛТ-72815, НДС не облагается", ["72815"] },
        { "Оплата по счету № 072815 от 23.11.2026", ["72815"] },
        { "Оплата по счетам ЛТ00-072815 и ЛТ00-072816", ["72815", "72816"] },
        { "оплата лт00-072815", ["72815"] },
        { "Оплата по счету № 72815", ["72815"] },
        { "Оплата по договору №5 от 01.03.2023г.", [] },
        { "Оплата 072815 руб", [] },
        { "Перечисление на расчетный счет 40702810900000064381", [] },
    };

    [Theory]
    [MemberData(nameof(Purposes))]
    public void Reads_the_1c_forms_of_an_invoice_number_as_the_billing_number(string purpose, string[] expected)
    {
        Assert.Equal(expected, InvoiceNumberExtractor.Extract(purpose, Format));
    }

    [Fact]
    public void The_1c_number_is_the_billing_number_padded_behind_the_prefix()
    {
        Assert.Equal(("ЛТ00-072815", 72815L, (string?)null), (Format.TryFormat(72815), Format.BillingNumber("ЛТ00-072815"), Format.TryFormat(1000000)));
        var bad = Assert.Throws<BackOffice.Ledger.Database.ConfigurationProblem>(() => BackOffice.Sync.Accounting.DocumentNumberFormat.Parse("ЛТ-####"));
        Assert.Equal("BackOffice:Accounting:NumberPattern", bad.Key);
    }
}
