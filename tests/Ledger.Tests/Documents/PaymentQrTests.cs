using BackOffice.Ledger.Documents;
using BackOffice.Ledger.Organisations;
using Xunit;

namespace BackOffice.Ledger.Tests.Documents;

public class PaymentQrTests
{
    internal static InvoiceDocument Document(string sellerName = "ООО «Лайв Технологии»", decimal total = 48336.00m, decimal? vatRate = null,
        decimal vat = 0m, string bankName = "АО \"АЛЬФА-БАНК\"") =>
        new(72815, new DateOnly(2019, 2, 9), new DateOnly(2019, 2, 19),
            new Party(sellerName, "7709983032", "770901001", "101000, г. Москва", null),
            new BankAccount("40702810502080001823", "044525593", bankName, "30101810200000000593"),
            new Party("ООО «Фабрика Бизнеса»", "7708305901", "770801001", null, null),
            [new DocumentLine(1, "Доступ на пользователя", 1, "усл.", total, total)], total, 0m, vatRate, vat);

    [Fact]
    public void The_payload_is_the_standards_text_with_the_sum_in_kopecks_and_the_invoice_in_the_purpose() =>
        Assert.Equal(
            "ST00012|Name=ООО «Лайв Технологии»|PersonalAcc=40702810502080001823|BankName=АО \"АЛЬФА-БАНК\"|BIC=044525593|" +
            "CorrespAcc=30101810200000000593|PayeeINN=7709983032|KPP=770901001|Sum=4833600|" +
            "Purpose=Оплата по счету № 72815 от 09.02.2019. Без налога (НДС)",
            PaymentQr.Payload(Document()));

    [Theory]
    [InlineData("1.15", "115")]
    [InlineData("0.29", "29")]
    [InlineData("19.99", "1999")]
    [InlineData("0.01", "1")]
    public void Kopecks_are_counted_in_decimal_never_losing_one(string amount, string kopecks) =>
        Assert.Equal(kopecks, PaymentQr.Kopecks(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void With_vat_the_purpose_states_it() =>
        Assert.EndsWith("|Purpose=Оплата по счету № 72815 от 09.02.2019. В т.ч. НДС 22% 2200.00 руб.", PaymentQr.Payload(Document(total: 12200m, vatRate: 22m, vat: 2200m)));

    [Theory]
    [InlineData("ООО «Ромашка | Лютик»", '|')]
    [InlineData("ООО «A=B»", '=')]
    public void A_name_with_a_reserved_character_is_refused_naming_the_field(string name, char reserved)
    {
        var e = Assert.Throws<InvalidInput>(() => PaymentQr.Payload(Document(sellerName: name)));
        Assert.Equal("qr", e.Field);
        Assert.Contains("Name (the organisation's full name)", e.Message);
        Assert.Contains($"'{reserved}'", e.Message);
    }

    [Fact]
    public void A_bank_name_longer_than_the_standard_allows_is_refused() =>
        Assert.Contains("BankName", Assert.Throws<InvalidInput>(() => PaymentQr.Payload(Document(bankName: new string('Б', 46)))).Message);

    [Fact]
    public void A_total_above_eighteen_digits_of_kopecks_is_refused()
    {
        Assert.Equal("999999999999999999", PaymentQr.Kopecks(PaymentQr.MaxSum));
        var e = Assert.Throws<InvalidInput>(() => PaymentQr.Payload(Document(total: PaymentQr.MaxSum + 0.01m)));
        Assert.Contains("above what the payment QR can carry", e.Message);
    }

    [Fact]
    public void The_matrix_is_square_with_its_quiet_zone()
    {
        var m = PaymentQr.Matrix(PaymentQr.Payload(Document()));
        Assert.All(m, row => Assert.Equal(m.Count, row.Length));
        Assert.False(m[0][0]); // the quiet zone
        Assert.True(m[4][4]);  // the finder pattern's corner
    }
}
