using System.Globalization;

namespace BackOffice.Ledger.Billing;

/// <summary>Roubles and kopecks. The one place money is rounded: half away from zero, to kopecks, once per line.</summary>
public static class Money
{
    // Math.Round's default is banker's rounding (2.665 → 2.66); Russian practice and every reference billing
    // system round half away from zero (2.665 → 2.67, −2.665 → −2.67).
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>The figure as an invoice prints it: "48336.00", "-669.00".</summary>
    public static string Format(decimal amount) => Round(amount).ToString("0.00", CultureInfo.InvariantCulture);

    internal static decimal NotNegative(decimal amount, string field, string what)
    {
        if (amount < 0) throw new InvalidInput(field, $"{what} cannot be negative: {Format(amount)}.");
        return amount;
    }
}
