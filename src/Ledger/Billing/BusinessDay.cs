namespace BackOffice.Ledger.Billing;

/// <summary>Today as the business counts it: the date in Moscow.</summary>
public static class BusinessDay
{
    static readonly TimeZoneInfo MoscowTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), MoscowTime).DateTime);
}
