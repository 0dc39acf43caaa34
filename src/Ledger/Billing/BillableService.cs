namespace BackOffice.Ledger.Billing;

/// <summary>
/// A configurable option of a service (config_options + service_options + config_option_prices): its quantity and
/// its unit price per cycle. A priced option adds quantity × its price for the service's cycle to the service line;
/// an option that is not priced only says what the service includes (which 1C configurations are rented).
/// </summary>
public sealed record ServiceOption(string Name, string UnitName, int Quantity, bool Priced, IReadOnlyDictionary<BillingCycle, decimal> Prices)
{
    public int? OptionId { get; init; }

    /// <summary>
    /// "Количество пользователей: 5 х Пользователь" (the х is Cyrillic, as in the seed's invoices). An option that
    /// is not priced is an on/off item, so it reads "name: unit name" — "1С:Бухгалтерия 8 ПРОФ. Редакция 3.0: опция
    /// подключена".
    /// </summary>
    public string LineText => Priced ? $"{Name}: {Quantity} х {UnitName}" : $"{Name}: {UnitName}";

    /// <summary>
    /// The figure the option's breakdown line shows (it never adds): the monthly unit price when the option is sold
    /// monthly, otherwise its unit price for the billed cycle, otherwise 0. Seed 71475: a user shows 800.00 (sold
    /// monthly at 800, semi-annually at 4560), the hotel's "Кол-во" shows 13380.00 (sold per half-year only);
    /// seed 72557: a 5 GB disk pack shows 360.00 (sold per half-year only).
    /// </summary>
    public decimal ShownPrice(BillingCycle cycle) =>
        Prices.TryGetValue(BillingCycle.Monthly, out var monthly) ? monthly
        : Prices.TryGetValue(cycle, out var perCycle) ? perCycle
        : 0m;

    internal decimal AmountFor(BillingCycle cycle)
    {
        if (Quantity < 0) throw new InvalidInput("quantity", $"The quantity of {Name} cannot be negative: {Quantity}.");
        foreach (var price in Prices.Values) Money.NotNegative(price, "price", $"The price of {Name}");
        if (!Priced || Quantity == 0) return 0m;
        if (!Prices.TryGetValue(cycle, out var unit))
            throw new InvalidInput("price", $"{Name} has no price for the cycle «{cycle.RussianName()}».");
        return Quantity * unit;
    }
}

/// <summary>
/// A client's service due on a date, with everything its invoice lines need. The service line's full-cycle price
/// is the price override when set, otherwise the product's price for the cycle plus its priced options.
/// </summary>
public sealed record BillableService(int ProductId, string ProductName, BillingCycle Cycle, decimal ProductPrice, DateOnly DueDate)
{
    public int? ServiceId { get; init; }
    public IReadOnlyList<ServiceOption> Options { get; init; } = [];

    /// <summary>
    /// Set for an additional invoice (a service added mid-period): the rest of the client's main period, from
    /// <c>mainPeriod.From(day)</c>, prorated over the main period's cycle — so only for a service on the main
    /// period's cycle. Otherwise the period starting on the due date.
    /// </summary>
    public BillingPeriod? Period { get; init; }

    public PromoCode? Promo { get; init; }

    /// <summary>The invoice of the order that sold the service: a promo's dates and uses are checked, and a
    /// first-time-only promo applies.</summary>
    public bool FirstInvoice { get; init; }

    public decimal? DiscountAmount { get; init; }
    public decimal? DiscountPercent { get; init; }
    public decimal? PriceOverride { get; init; }

    /// <summary>Service for products, Addon for addons billed on their own cycle.</summary>
    public LineKind Kind { get; init; } = LineKind.Service;

    internal decimal FullCyclePrice()
    {
        Money.NotNegative(ProductPrice, "price", $"The price of {ProductName}");
        var options = Options.Sum(o => o.AmountFor(Cycle));
        return PriceOverride is { } over
            ? Money.NotNegative(over, "price", $"The price override of {ProductName}")
            : ProductPrice + options;
    }
}
