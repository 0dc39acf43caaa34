using System.Globalization;

namespace BackOffice.Ledger.Billing;

/// <summary>A row of the vat_rates table: the rate in percent from a date on.</summary>
public sealed record VatRate(DateOnly ValidFrom, decimal Rate);

/// <summary>The VAT an invoice states: a rate and the VAT included in its total, or none ("Без НДС").</summary>
public sealed record VatCharge(decimal? Rate, decimal Amount)
{
    public static readonly VatCharge None = new(null, 0m);

    public string Label => Rate is { } rate
        ? $"В том числе НДС {rate.ToString("0.##", CultureInfo.InvariantCulture)}%"
        : "Без НДС";
}

/// <summary>Prices include VAT; the rate depends on the date (18% to 2018, 20% 2019–2025, 22% from 2026, law 425-ФЗ).</summary>
public static class Vat
{
    public static readonly RefusalCode RateMissing = new("vat.rate-missing");

    /// <summary>organisations.vat_mode 'none' (an issuer not paying VAT) or a client flagged tax exempt: no VAT.</summary>
    public static bool IsCharged(string organisationVatMode, bool clientTaxExempt) =>
        organisationVatMode switch
        {
            "vat" => !clientTaxExempt,
            "none" => false,
            _ => throw new InvalidInput("vat-mode", $"'{organisationVatMode}' is not a VAT mode; use vat or none."),
        };

    public static decimal RateOn(DateOnly date, IReadOnlyList<VatRate> rates)
    {
        VatRate? found = null;
        foreach (var rate in rates)
        {
            Money.NotNegative(rate.Rate, "vat-rates", "A VAT rate");
            if (rate.ValidFrom <= date && (found is null || rate.ValidFrom > found.ValidFrom)) found = rate;
        }
        return found?.Rate ?? throw new InvalidInput(RateMissing, "vat-rates",
            $"No VAT rate is known for {BillingPeriod.Format(date)}; add one to vat_rates.");
    }

    /// <summary>The VAT inside a VAT-inclusive amount: round(gross × rate / (100 + rate)).</summary>
    public static decimal Included(decimal gross, decimal rate) => Money.Round(gross * rate / (100m + rate));

    /// <summary>An invoice's VAT: the sum of its rows' VAT, each row rounded as 1C rounds it (<see cref="AccountingRows"/>).</summary>
    public static VatCharge OnLines(IReadOnlyList<InvoiceLine> lines, DateOnly date, IReadOnlyList<VatRate> rates, bool charged)
    {
        if (!charged) return VatCharge.None;
        var rate = RateOn(date, rates);
        return new VatCharge(rate, AccountingRows.Of(lines, rate).Sum(r => r.VatAmount));
    }
}
