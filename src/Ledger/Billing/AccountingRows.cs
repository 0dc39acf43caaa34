namespace BackOffice.Ledger.Billing;

/// <summary>
/// One row of the invoice as 1C holds it (the Товары section): quantity, price, discount, sum and the VAT inside the
/// sum, each rounded to kopecks as 1C rounds a row (Сумма = Цена × Количество − СуммаСкидки, СуммаНДС = Сумма × ставка /
/// (100 + ставка), half away from zero).
/// </summary>
public sealed record AccountingRow(int LineNumber, string Description, decimal Quantity, decimal Price, decimal Discount,
    decimal Amount, decimal VatAmount, int? ProductId);

/// <summary>
/// The rows an invoice's lines make in 1C. Lines that only display (option breakdowns) make none; a promo or discount
/// line (a negative amount) is the discount of the row it reduces, since 1C rows carry discounts, not negative sums.
/// The invoice's VAT is the sum of its rows' VAT, so billing and 1C agree to the kopeck.
/// </summary>
public static class AccountingRows
{
    public static IReadOnlyList<AccountingRow> Of(IReadOnlyList<InvoiceLine> lines, decimal? vatRate)
    {
        var rows = new List<(InvoiceLine Line, decimal Quantity, decimal Price, decimal Discount)>();
        foreach (var line in lines.Where(l => l.AddsToTotal))
        {
            var reduced = line.Amount < 0 ? ReducedRow(rows, line) : -1;
            if (reduced >= 0)
            {
                rows[reduced] = rows[reduced] with { Discount = rows[reduced].Discount - line.Amount };
                continue;
            }
            var (quantity, price) = line is { Quantity: > 0, UnitPrice: { } p } && Money.Round(p * line.Quantity) == line.Amount
                ? (line.Quantity, p)
                : (1m, line.Amount);
            rows.Add((line, quantity, price, 0m));
        }
        return rows.Select((r, i) =>
        {
            var amount = Money.Round(r.Price * r.Quantity) - r.Discount;
            return new AccountingRow(i + 1, r.Line.Description, r.Quantity, r.Price, r.Discount, amount,
                vatRate is { } rate ? Vat.Included(amount, rate) : 0m, r.Line.ProductId);
        }).ToList();
    }

    /// <summary>The last earlier row of the same service that can take the reduction without going below zero.</summary>
    static int ReducedRow(List<(InvoiceLine Line, decimal Quantity, decimal Price, decimal Discount)> rows, InvoiceLine reduction)
    {
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            var r = rows[i];
            var left = Money.Round(r.Price * r.Quantity) - r.Discount;
            if (r.Line.Amount > 0 && (reduction.ServiceId is null || r.Line.ServiceId == reduction.ServiceId) && left + reduction.Amount >= 0)
                return i;
        }
        return -1;
    }
}
