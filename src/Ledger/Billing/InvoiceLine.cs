namespace BackOffice.Ledger.Billing;

/// <summary>invoice_lines.kind.</summary>
public enum LineKind { Service, Option, Addon, Promo, Discount, LateFee, Prorata, Upgrade, Manual }

public static class LineKinds
{
    public static string ToDb(this LineKind kind) => kind switch
    {
        LineKind.LateFee => "late_fee",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static LineKind Parse(string text)
    {
        foreach (var kind in Enum.GetValues<LineKind>())
            if (kind.ToDb() == text.Trim()) return kind;
        throw new InvalidInput("kind", $"'{text}' is not an invoice line kind.");
    }
}

/// <summary>
/// One row of invoice_lines (line_no is its position, from 1). Option breakdown lines show a unit price and do not
/// add to the total (<see cref="AddsToTotal"/> false); <see cref="BillsPeriod"/> marks the line that bills a
/// service for the period starting at <see cref="PeriodStart"/>.
/// </summary>
public sealed record InvoiceLine(LineKind Kind, string Description, decimal Amount)
{
    public decimal Quantity { get; init; } = 1m;
    public decimal? UnitPrice { get; init; }
    public bool AddsToTotal { get; init; } = true;
    public int? ServiceId { get; init; }
    public int? ProductId { get; init; }
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public bool BillsPeriod { get; init; }

    public override string ToString() => $"{Description}  {Money.Format(Amount)}";
}
