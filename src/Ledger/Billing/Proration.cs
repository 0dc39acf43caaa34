namespace BackOffice.Ledger.Billing;

/// <summary>Part of a cycle's price: price × days ÷ days in the cycle, rounded once.</summary>
public static class Proration
{
    public static decimal Amount(decimal fullCyclePrice, BillingPeriod period)
    {
        Money.NotNegative(fullCyclePrice, "price", "A price");
        // Multiply before dividing so that a whole period gives back exactly the price.
        return Money.Round(fullCyclePrice * period.Days / period.CycleDays);
    }

    /// <summary>
    /// An upgrade or downgrade on a day inside the current period: credit for the unused part of the old price,
    /// charge for the new price over the same remaining days, each rounded as a line of its own (as WHMCS does);
    /// the next due date does not change. With <paramref name="newCycle"/> the new price is a price for that cycle, so the
    /// same remaining days are prorated against that cycle's length (<see cref="BillingPeriod.Over"/>).
    /// </summary>
    public static PlanChange Change(decimal oldCyclePrice, decimal newCyclePrice, BillingPeriod currentPeriod, DateOnly changeDate,
        BillingCycle? newCycle = null)
    {
        var rest = currentPeriod.From(changeDate);
        return new PlanChange(rest, Amount(oldCyclePrice, rest), Amount(newCyclePrice, newCycle is { } cycle ? rest.Over(cycle) : rest));
    }

    /// <summary>The line of a prorata invoice that moves a service's next due date (one per service).</summary>
    public static InvoiceLine DueDateMove(int? serviceId, int? productId, string productName, BillingCycle cycle,
        decimal fullCyclePrice, DateOnly oldDueDate, DateOnly newDueDate)
    {
        var period = BillingPeriod.Between(oldDueDate, newDueDate, cycle);
        return new InvoiceLine(LineKind.Prorata, $"{productName} ({period})", Amount(fullCyclePrice, period))
        {
            UnitPrice = fullCyclePrice,
            ServiceId = serviceId,
            ProductId = productId,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            BillsPeriod = serviceId is not null,
        };
    }
}

/// <summary>What an upgrade or downgrade costs over the rest of the period.</summary>
public sealed record PlanChange(BillingPeriod Period, decimal Credit, decimal Charge)
{
    /// <summary>Positive: to pay. Negative: a downgrade, the client's credit grows by its absolute value.</summary>
    public decimal Difference => Charge - Credit;

    public decimal ToPay => Math.Max(Difference, 0);

    public decimal ToCredit => Math.Max(-Difference, 0);

    /// <summary>The upgrade invoice's line, e.g. "Смена пакета: Доступ … — Количество пользователей: 5 → 6 (04/03/2019 - 31/07/2019)".</summary>
    public InvoiceLine ToLine(int? serviceId, int? productId, string whatChanges) =>
        new(LineKind.Upgrade, $"Смена пакета: {whatChanges} ({Period})", ToPay)
        {
            ServiceId = serviceId,
            ProductId = productId,
            PeriodStart = Period.Start,
            PeriodEnd = Period.End,
        };
}
