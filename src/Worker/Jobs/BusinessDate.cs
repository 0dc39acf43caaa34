using BackOffice.Ledger.Billing;

namespace BackOffice.Worker.Jobs;

/// <summary>Business dates are Moscow dates (DESIGN.md), whatever the server's time zone.</summary>
public static class BusinessDate
{
    public static DateOnly Today(TimeProvider clock) => BusinessDay.Today(clock);
}
