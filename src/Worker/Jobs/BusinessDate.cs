namespace BackOffice.Worker.Jobs;

/// <summary>Business dates are Moscow dates (DESIGN.md), whatever the server's time zone.</summary>
public static class BusinessDate
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Moscow).DateTime);
}
