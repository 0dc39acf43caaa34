using System.Globalization;

namespace BackOffice.Ledger.Billing;

/// <summary>
/// The days a line pays for, Start to End inclusive, and the length of the whole billing cycle it is part of
/// (the denominator of every proration). A full period has Days == CycleDays.
/// </summary>
public readonly record struct BillingPeriod
{
    public DateOnly Start { get; }
    public DateOnly End { get; }
    public int CycleDays { get; }

    BillingPeriod(DateOnly start, DateOnly end, int cycleDays)
    {
        Start = start;
        End = end;
        CycleDays = cycleDays;
    }

    /// <summary>Days paid for, counted as End + 1 day − Start.</summary>
    public int Days => End.DayNumber + 1 - Start.DayNumber;

    public DateOnly NextDueDate => End.AddDays(1);

    public bool IsFullCycle => Days == CycleDays;

    /// <summary>
    /// The period that starts on a due date. Seed 003: "Крайняя дата всегда последнее число месяца (за исключением
    /// счетов на сервисы, которые подключаются ровно на год)".
    /// <para>Annual services are the ones sold for exactly one year: due date to the day before the same date a year
    /// later (29/02 moves to 28/02, as DateOnly.AddMonths does).</para>
    /// <para>Every other cycle ends on the last day of the month before the month of (due date + cycle months). A due
    /// date on the 1st therefore gives a whole cycle; a mid-month due date gives a shorter first period whose month
    /// counts as the cycle's first month, prorated against the whole cycle from the 1st of that month, after which
    /// the service is due on the 1st. This is the only reading that fits the seed: service 20806, registered
    /// 12/02/2018 semi-annual, is billed 01/02/2019–31/07/2019 and next due 01/08/2019, so its first period must have
    /// been 12/02/2018–31/07/2018 (ending at 31/08/2018 instead would put its due dates on 01/09 and 01/03).</para>
    /// </summary>
    public static BillingPeriod Starting(DateOnly dueDate, BillingCycle cycle)
    {
        var months = RecurringMonths(cycle);
        if (cycle == BillingCycle.Annual)
        {
            var anniversary = dueDate.AddMonths(months);
            return new(dueDate, anniversary.AddDays(-1), anniversary.DayNumber - dueDate.DayNumber);
        }
        var end = FirstOfMonth(dueDate.AddMonths(months)).AddDays(-1);
        return new(dueDate, end, end.DayNumber + 1 - FirstOfMonth(dueDate).DayNumber);
    }

    /// <summary>
    /// The rest of this period from a day inside it: an additional invoice (a new service or an upgrade mid-period)
    /// ends on the same date as the client's main period and is prorated over the same cycle.
    /// Seed: from 04/03/2019 in 01/02/2019–31/07/2019 → 150 / 181.
    /// </summary>
    public BillingPeriod From(DateOnly day)
    {
        if (day < Start || day > End)
            throw new InvalidInput("date", $"{Format(day)} is outside the period {this}.");
        return new(day, End, CycleDays);
    }

    /// <summary>
    /// The same days measured against another cycle: the whole cycle of that length which ends where this period ends.
    /// A change of billing cycle mid-period charges the new cycle's price for the days left this way.
    /// </summary>
    public BillingPeriod Over(BillingCycle cycle) =>
        new(Start, End, NextDueDate.DayNumber - NextDueDate.AddMonths(-RecurringMonths(cycle)).DayNumber);

    /// <summary>
    /// Moving a service's next due date with a prorata invoice: from the old due date to the day before the new one,
    /// measured against the whole cycle that starts on the old due date.
    /// </summary>
    public static BillingPeriod Between(DateOnly oldDueDate, DateOnly newDueDate, BillingCycle cycle)
    {
        if (newDueDate <= oldDueDate)
            throw new InvalidInput("next-due-date",
                $"The new due date {Format(newDueDate)} must be after the current one {Format(oldDueDate)}.");
        var cycleEnd = oldDueDate.AddMonths(RecurringMonths(cycle));
        return new(oldDueDate, newDueDate.AddDays(-1), cycleEnd.DayNumber - oldDueDate.DayNumber);
    }

    /// <summary>As invoice descriptions print it: "01/02/2019 - 31/07/2019".</summary>
    public override string ToString() => $"{Format(Start)} - {Format(End)}";

    public static string Format(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    static DateOnly FirstOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    static int RecurringMonths(BillingCycle cycle)
    {
        var months = cycle.Months();
        if (months == 0)
            throw new InvalidInput("billing-cycle", $"A {cycle.RussianName()} service has no billing period.");
        return months;
    }
}
