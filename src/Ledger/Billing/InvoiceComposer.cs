using System.Globalization;

namespace BackOffice.Ledger.Billing;

/// <summary>
/// What one invoice is made of. <see cref="OtherLines"/> carries lines made elsewhere (prorata, upgrade, late fee,
/// manual). VAT is charged unless the issuing organisation has vat_mode 'none' or the client is tax exempt
/// (<see cref="Vat.IsCharged"/>). The VAT rate is the one in force on the due date — the day the billed periods
/// start, when the service is supplied — so an invoice issued in December 2025 for January 2026 states 22%.
/// A promo's validity dates are checked against the issue date.
/// </summary>
public sealed record InvoiceRequest(DateOnly IssueDate, DateOnly DueDate, IReadOnlyList<BillableService> Services, IReadOnlyList<VatRate> VatRates)
{
    public IReadOnlyList<InvoiceLine> OtherLines { get; init; } = [];
    public bool VatCharged { get; init; } = true;
    public decimal AvailableCredit { get; init; }
    public bool ApplyCredit { get; init; } = true;
}

/// <summary>
/// An invoice's lines and figures. Prices include VAT, so the total is the sum of the lines and the VAT is the part
/// of it stated on the invoice; the credit applied is part of the total already paid.
/// </summary>
public sealed record ComposedInvoice(IReadOnlyList<InvoiceLine> Lines, decimal Subtotal, decimal CreditApplied, VatCharge Vat)
{
    public decimal Total => Subtotal;
    public decimal BalanceDue => Total - CreditApplied;
}

/// <summary>Turns a client's services due on a date into invoice lines and totals, like the seed's invoices 71475 and 72557.</summary>
public static class InvoiceComposer
{
    public static ComposedInvoice Compose(InvoiceRequest request)
    {
        var lines = new List<InvoiceLine>();
        foreach (var service in request.Services)
            lines.AddRange(LinesOf(service, request.IssueDate));
        lines.AddRange(request.OtherLines);
        if (lines.Count == 0)
            throw new InvalidInput("services", "There is nothing to invoice: no billable service and no other line.");
        return Totals(lines, request);
    }

    /// <summary>The service line, its option breakdown, then its promo and discount lines.</summary>
    public static IReadOnlyList<InvoiceLine> LinesOf(BillableService service, DateOnly issueDate)
    {
        if (service.Cycle == BillingCycle.Free) return [];
        var price = service.FullCyclePrice();
        var lines = new List<InvoiceLine>();

        InvoiceLine main;
        if (service.Cycle == BillingCycle.OneTime)
        {
            main = new InvoiceLine(service.Kind, service.ProductName, Money.Round(price)) { UnitPrice = price };
        }
        else
        {
            var period = service.Period ?? BillingPeriod.Starting(service.DueDate, service.Cycle);
            main = new InvoiceLine(service.Kind, $"{service.ProductName} ({period})", Proration.Amount(price, period))
            {
                UnitPrice = price,
                PeriodStart = period.Start,
                PeriodEnd = period.End,
                BillsPeriod = service.ServiceId is not null,
            };
        }
        main = main with { ServiceId = service.ServiceId, ProductId = service.ProductId };
        lines.Add(main);

        foreach (var option in service.Options.Where(o => o.Quantity > 0))
        {
            var shown = option.ShownPrice(service.Cycle);
            lines.Add(new InvoiceLine(LineKind.Option, option.LineText, shown)
            {
                Quantity = option.Quantity,
                UnitPrice = shown,
                AddsToTotal = false,
                ServiceId = service.ServiceId,
                ProductId = service.ProductId,
            });
        }

        var promoOff = PromoOff(service, main.Amount, issueDate);
        if (promoOff > 0)
            lines.Add(Reduction(LineKind.Promo, service.Promo!.LineText, promoOff, main));

        var discountOff = DiscountOff(service, main.Amount, main.Amount - promoOff);
        if (discountOff.Off > 0)
            lines.Add(Reduction(LineKind.Discount, discountOff.Text, discountOff.Off, main));
        return lines;
    }

    static decimal PromoOff(BillableService service, decimal amount, DateOnly issueDate)
    {
        if (service.Promo is not { } promo) return 0m;
        promo.EnsureWellFormed();
        promo.EnsureAppliesTo(service.ProductId, service.ProductName);
        if (service.FirstInvoice) promo.EnsureUsableOn(issueDate);
        else if (!promo.Recurring) return 0m;
        return promo.DiscountOn(amount);
    }

    static (decimal Off, string Text) DiscountOff(BillableService service, decimal amount, decimal left)
    {
        var (money, percent) = (service.DiscountAmount ?? 0m, service.DiscountPercent ?? 0m);
        Money.NotNegative(money, "discount", $"The discount on {service.ProductName}");
        Money.NotNegative(percent, "discount", $"The discount on {service.ProductName}");
        if (money > 0 && percent > 0)
            throw new InvalidInput("discount", $"The discount on {service.ProductName} is either a sum or a percent, not both.");
        if (percent > 100)
            throw new InvalidInput("discount", $"The discount on {service.ProductName} cannot exceed 100%: {percent}%.");
        if (percent > 0)
            return (Math.Min(Money.Round(amount * percent / 100m), left),
                $"Скидка {percent.ToString("0.##", CultureInfo.InvariantCulture)}% ({service.ProductName})");
        return (Math.Min(Money.Round(money), Math.Max(left, 0)), $"Скидка ({service.ProductName})");
    }

    static InvoiceLine Reduction(LineKind kind, string text, decimal off, InvoiceLine main) =>
        new(kind, text, -off) { ServiceId = main.ServiceId, ProductId = main.ProductId };

    static ComposedInvoice Totals(IReadOnlyList<InvoiceLine> lines, InvoiceRequest request)
    {
        var subtotal = lines.Where(l => l.AddsToTotal).Sum(l => l.Amount);
        Money.NotNegative(request.AvailableCredit, "credit", "The client's credit");
        var credit = request.ApplyCredit ? Math.Min(request.AvailableCredit, Math.Max(subtotal, 0)) : 0m;
        var vat = Vat.OnLines(lines, request.DueDate, request.VatRates, request.VatCharged);
        return new ComposedInvoice(lines, subtotal, credit, vat);
    }
}
