namespace BackOffice.Ledger.Billing;

public enum PromoKind { Percent, Fixed }

/// <summary>A row of promo_codes: a percent or a fixed sum off, optionally only for some products.</summary>
public sealed record PromoCode(
    string Code,
    string Description,
    PromoKind Kind,
    decimal Value,
    IReadOnlyList<int>? ProductIds = null,
    bool Recurring = true,
    DateOnly? ValidFrom = null,
    DateOnly? ValidUntil = null,
    int? MaxUses = null,
    int Uses = 0)
{
    public static PromoKind ParseKind(string text) => text.Trim() switch
    {
        "percent" => PromoKind.Percent,
        "fixed" => PromoKind.Fixed,
        _ => throw new InvalidInput("promo-code", $"'{text}' is not a promo code kind; use percent or fixed."),
    };

    /// <summary>The invoice line's text, e.g. "Промо-код: Скидка для референсных клиентов 5%".</summary>
    public string LineText => $"Промо-код: {Description}";

    /// <summary>Checked when the code is taken on an order: its dates and its number of uses.</summary>
    public void EnsureUsableOn(DateOnly date)
    {
        if (ValidFrom is { } from && date < from)
            throw new InvalidInput("promo-code", $"Promo code {Code} is valid from {BillingPeriod.Format(from)}, not yet on {BillingPeriod.Format(date)}.");
        if (ValidUntil is { } until && date > until)
            throw new InvalidInput("promo-code", $"Promo code {Code} expired on {BillingPeriod.Format(until)}.");
        if (MaxUses is { } max && Uses >= max)
            throw new InvalidInput("promo-code", $"Promo code {Code} has been used up ({Uses} of {max} uses).");
    }

    /// <summary>Checked on every invoice: a code limited to some products never discounts another.</summary>
    public void EnsureAppliesTo(int productId, string productName)
    {
        if (ProductIds is { Count: > 0 } ids && !ids.Contains(productId))
            throw new InvalidInput("promo-code", $"Promo code {Code} is not valid for the product {productName}.");
    }

    /// <summary>The sum off an amount, as a positive figure, never more than the amount.</summary>
    public decimal DiscountOn(decimal amount)
    {
        var off = Kind == PromoKind.Percent ? Money.Round(amount * Value / 100m) : Value;
        return Math.Min(off, Math.Max(amount, 0));
    }

    internal void EnsureWellFormed()
    {
        if (Value <= 0) throw new InvalidInput("promo-code", $"Promo code {Code} must take off more than zero.");
        if (Kind == PromoKind.Percent && Value > 100)
            throw new InvalidInput("promo-code", $"Promo code {Code} cannot take off more than 100%.");
    }
}
