using BackOffice.Ledger.Billing;
using static BackOffice.Ledger.Tests.Billing.SeedCatalogue;

namespace BackOffice.Ledger.Tests.Billing;

public class VatTests
{
    [Theory]
    [InlineData(2018, 12, 31, 18)]
    [InlineData(2019, 1, 1, 20)]
    [InlineData(2025, 12, 31, 20)]
    [InlineData(2026, 1, 1, 22)]
    public void The_rate_depends_on_the_date(int y, int m, int d, int rate)
    {
        Assert.Equal(rate, Vat.RateOn(new DateOnly(y, m, d), VatRates));
    }

    [Fact]
    public void Vat_is_included_in_the_price()
    {
        Assert.Equal((800.00m, 865.57m), (Vat.Included(4800m, 20m), Vat.Included(4800m, 22m)));
    }

    [Fact]
    public void An_invoice_due_on_31_december_2025_states_20_percent_and_one_due_on_1_january_2026_22_percent()
    {
        var december = InvoiceComposer.Compose(Invoice71475() with { DueDate = new DateOnly(2025, 12, 31) });
        var january = InvoiceComposer.Compose(Invoice71475() with { DueDate = new DateOnly(2026, 1, 1) });

        Assert.Equal((new VatCharge(20m, 8056.00m), "В том числе НДС 20%"), (december.Vat, december.Vat.Label));
        Assert.Equal((new VatCharge(22m, 8716.33m), "В том числе НДС 22%"), (january.Vat, january.Vat.Label));
        Assert.Equal(december.Total, january.Total);
    }

    [Fact]
    public void Without_vat_the_invoice_says_so()
    {
        var invoice = InvoiceComposer.Compose(Invoice71475() with { VatCharged = Vat.IsCharged("none", clientTaxExempt: false) });

        Assert.Equal((VatCharge.None, "Без НДС", 48336.00m), (invoice.Vat, invoice.Vat.Label, invoice.Total));
    }

    [Fact]
    public void Vat_is_charged_unless_the_organisation_or_the_client_is_exempt()
    {
        Assert.True(Vat.IsCharged("vat", clientTaxExempt: false));
        Assert.False(Vat.IsCharged("vat", clientTaxExempt: true));
        Assert.False(Vat.IsCharged("none", clientTaxExempt: false));
        Assert.Equal("vat-mode", Assert.Throws<InvalidInput>(() => Vat.IsCharged("usn", false)).Field);
    }

    [Fact]
    public void A_date_without_a_known_rate_or_a_negative_rate_is_refused()
    {
        var error = Assert.Throws<InvalidInput>(() => Vat.RateOn(new DateOnly(2003, 12, 31), VatRates));
        Assert.Equal(("vat-rates", "No VAT rate is known for 31/12/2003; add one to vat_rates."), (error.Field, error.Message));
        Assert.Throws<InvalidInput>(() => Vat.RateOn(new DateOnly(2020, 1, 1), [new(new DateOnly(2019, 1, 1), -20m)]));
    }
}
