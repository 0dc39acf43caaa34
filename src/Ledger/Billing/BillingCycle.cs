namespace BackOffice.Ledger.Billing;

/// <summary>How often a service is billed; the database spells these as in <see cref="BillingCycles.ToDb"/>.</summary>
public enum BillingCycle
{
    Free,
    OneTime,
    Monthly,
    Quarterly,
    SemiAnnual,
    Annual,
    Biennial,
}

public static class BillingCycles
{
    static readonly (BillingCycle Cycle, string Db, int Months, string Russian)[] Table =
    [
        (BillingCycle.Free, "free", 0, "Бесплатно"),
        (BillingCycle.OneTime, "one_time", 0, "Единожды"),
        (BillingCycle.Monthly, "monthly", 1, "Ежемесячно"),
        (BillingCycle.Quarterly, "quarterly", 3, "Ежеквартально"),
        (BillingCycle.SemiAnnual, "semiannual", 6, "Полугодично"),
        (BillingCycle.Annual, "annual", 12, "Ежегодно"),
        (BillingCycle.Biennial, "biennial", 24, "Раз в два года"),
    ];

    public static BillingCycle Parse(string text)
    {
        foreach (var row in Table)
            if (string.Equals(row.Db, text.Trim(), StringComparison.OrdinalIgnoreCase)) return row.Cycle;
        throw new InvalidInput("billing-cycle",
            $"'{text}' is not a billing cycle; use one of {string.Join(", ", Table.Select(r => r.Db))}.");
    }

    public static string ToDb(this BillingCycle cycle) => Row(cycle).Db;

    /// <summary>0 for free and one-time: they have no period.</summary>
    public static int Months(this BillingCycle cycle) => Row(cycle).Months;

    public static string RussianName(this BillingCycle cycle) => Row(cycle).Russian;

    public static bool IsRecurring(this BillingCycle cycle) => cycle.Months() > 0;

    static (BillingCycle Cycle, string Db, int Months, string Russian) Row(BillingCycle cycle) =>
        Table.Single(r => r.Cycle == cycle);
}
