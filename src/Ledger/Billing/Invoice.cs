using System.Globalization;
using System.Text;
using BackOffice.Ledger.Text;

namespace BackOffice.Ledger.Billing;

/// <summary>A row of invoices. The balance due is what neither credit nor payments have covered yet.</summary>
public sealed class Invoice
{
    public long Id { get; set; }
    public long? Number { get; set; }
    public int ClientId { get; set; }
    public int OrganisationId { get; set; }
    public string Kind { get; set; } = "manual";
    public string Status { get; set; } = "draft";
    public DateOnly IssueDate { get; set; }
    public DateOnly DueDate { get; set; }
    public DateOnly? PaidDate { get; set; }
    public string PaymentMethod { get; set; } = "";
    public decimal Subtotal { get; set; }
    public decimal CreditApplied { get; set; }
    public decimal? VatRate { get; set; }
    public decimal VatAmount { get; set; }
    public decimal Total { get; set; }
    public decimal AmountPaid { get; set; }
    public string? Notes { get; set; }
    public DateTime? PublishedAt { get; set; }

    public decimal BalanceDue => Total - CreditApplied - AmountPaid;

    /// <summary>"№ 71475" once published, "черновик #12" before.</summary>
    public string Title => Number is { } n ? $"№ {n}" : $"черновик #{Id}";
}

/// <summary>A stored invoice line (invoice_lines).</summary>
public sealed class StoredLine
{
    public long Id { get; set; }
    public int LineNo { get; set; }
    public string Kind { get; set; } = "";
    public string Description { get; set; } = "";
    public decimal Quantity { get; set; }
    public decimal? UnitPrice { get; set; }
    public decimal Amount { get; set; }
    public bool AddsToTotal { get; set; }
    public int? ServiceId { get; set; }
    public int? ProductId { get; set; }
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public bool BillsPeriod { get; set; }

    public InvoiceLine ToLine() => new(LineKinds.Parse(Kind), Description, Amount)
    {
        Quantity = Quantity, UnitPrice = UnitPrice, AddsToTotal = AddsToTotal, ServiceId = ServiceId, ProductId = ProductId,
        PeriodStart = PeriodStart, PeriodEnd = PeriodEnd, BillsPeriod = BillsPeriod,
    };
}

/// <summary>An invoice as a person reads it (<c>backoffice invoices show N</c>).</summary>
public sealed record InvoiceView(Invoice Invoice, IReadOnlyList<StoredLine> Lines, string ClientName, string OrganisationName)
{
    public string VatLabel => new VatCharge(Invoice.VatRate, Invoice.VatAmount).Label;

    public string ToText()
    {
        var i = Invoice;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Счёт {i.Title} ({i.Status}), суммы в рублях");
        text.AppendLine(CultureInfo.InvariantCulture, $"Клиент: #{i.ClientId} {ClientName}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Организация: {OrganisationName} — {i.PaymentMethod}");
        var paid = i.PaidDate is { } on ? $"   Оплачен: {BusinessText.FormatDate(on)}" : "";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Дата счёта: {BusinessText.FormatDate(i.IssueDate)}   Оплатить до: {BusinessText.FormatDate(i.DueDate)}{paid}");
        text.AppendLine();
        var width = Lines.Count == 0 ? 10 : Math.Max(10, Lines.Max(l => l.Description.Length));
        foreach (var line in Lines)
        {
            var amount = BusinessText.FormatFigure(line.Amount);
            string row = line.AddsToTotal
                ? $"{line.Description.PadRight(width)}  {amount,12}"
                : $"    {line.Description.PadRight(width - 4)}  ({amount,10})";
            text.AppendLine(row);
        }
        text.AppendLine();
        Figure(text, "Подытог", i.Subtotal, width);
        Figure(text, "Кредит", i.CreditApplied, width);
        Figure(text, "Итого", i.Total, width);
        text.AppendLine(CultureInfo.InvariantCulture, $"{VatLabel.PadRight(width)}  {(i.VatRate is null ? "" : BusinessText.FormatFigure(i.VatAmount)),12}");
        Figure(text, "Оплачено", i.AmountPaid, width);
        Figure(text, "К оплате", i.BalanceDue, width);
        return text.ToString();
    }

    static void Figure(StringBuilder text, string label, decimal amount, int width) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"{label.PadRight(width)}  {BusinessText.FormatFigure(amount),12}");
}

/// <summary>A new invoice as staff write it: the payment method picks the organisation that issues it.</summary>
public sealed record DraftInvoice(int ClientId, string PaymentMethod, DateOnly IssueDate, DateOnly DueDate, IReadOnlyList<InvoiceLine> Lines)
{
    public string? Notes { get; init; }
}

/// <summary>Changes to a draft; a null member leaves that part as it is. Lines replace all lines.</summary>
public sealed record DraftEdit
{
    public DateOnly? IssueDate { get; init; }
    public DateOnly? DueDate { get; init; }
    public string? PaymentMethod { get; init; }
    public IReadOnlyList<InvoiceLine>? Lines { get; init; }
    public string? Notes { get; init; }
}
