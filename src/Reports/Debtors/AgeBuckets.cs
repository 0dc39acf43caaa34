namespace BackOffice.Reports.Debtors;

/// <summary>
/// Ageing by days past the due date. "Not yet due" is a bucket of its own, so that the buckets always add up to the
/// balance (ERPNext left not-yet-due rows out of every bucket and its totals stopped matching: erpnext#51596).
/// Bounds are inclusive: 30 days overdue is 1–30, 31 is 31–60.
/// </summary>
public static class AgeBuckets
{
    public static readonly string[] Labels = ["не просрочено", "1–30", "31–60", "61–90", "90+"];

    public static int Of(int daysOverdue) => daysOverdue switch
    {
        <= 0 => 0,
        <= 30 => 1,
        <= 60 => 2,
        <= 90 => 3,
        _ => 4,
    };

    public static int DaysOverdue(DateOnly dueDate, DateOnly asOf) => Math.Max(0, asOf.DayNumber - dueDate.DayNumber);
}
