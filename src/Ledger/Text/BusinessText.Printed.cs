using System.Globalization;

namespace BackOffice.Ledger.Text;

/// <summary>And the one way they are printed for people: "01.12.2026", "1 660,00 руб." (JSON keeps ISO dates and plain numbers).</summary>
public static partial class BusinessText
{
    static readonly NumberFormatInfo Roubles = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = ",", NegativeSign = "-" };

    public static string FormatDate(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>A plain space between thousands, so that the figure greps and pastes back into a verb.</summary>
    public static string FormatMoney(decimal amount) => FormatFigure(amount) + " руб.";

    /// <summary>The figure alone, for columns headed in roubles: "1 660,00".</summary>
    public static string FormatFigure(decimal amount) => Billing.Money.Round(amount).ToString("#,0.00", Roubles);

    /// <summary><see cref="FormatMoney"/> into a caller's buffer, for printers that write many amounts without a string each.</summary>
    public static bool TryFormatMoney(decimal amount, Span<char> destination, out int written)
    {
        if (!Billing.Money.Round(amount).TryFormat(destination, out written, "#,0.00", Roubles) || destination.Length - written < 5)
            return false;
        " руб.".CopyTo(destination[written..]);
        written += 5;
        return true;
    }
}
