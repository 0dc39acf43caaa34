namespace BackOffice.Ledger.Billing;

/// <summary>One product on an order: its cycle, option quantities (option id → quantity) and an optional price override.</summary>
public sealed record OrderItem(int ProductId, BillingCycle Cycle)
{
    public IReadOnlyDictionary<int, int> Options { get; init; } = new Dictionary<int, int>();
    public decimal? PriceOverride { get; init; }
}

/// <summary>A purchase. The payment method picks the issuing organisation; without one, the first product's organisation's.</summary>
public sealed record NewOrder(int ClientId, DateOnly Date, IReadOnlyList<OrderItem> Items)
{
    public string? PromoCode { get; init; }
    public string? PaymentMethod { get; init; }
    public string? ClientIp { get; init; }
    public string? Notes { get; init; }
}

/// <summary>
/// A change of an existing service, effective once paid: option quantities (option id → new quantity), and optionally
/// another product and/or another billing cycle. Moving to another product starts from that product's options: the ones
/// not named here are 0.
/// </summary>
public sealed record UpgradeOrder(int ServiceId, DateOnly Date, IReadOnlyDictionary<int, int> Options)
{
    public int? NewProductId { get; init; }
    public BillingCycle? NewCycle { get; init; }
    public string? PaymentMethod { get; init; }
    public string? Notes { get; init; }
}

/// <summary>A row of orders.</summary>
public sealed class Order
{
    public int Id { get; set; }
    public long OrderNumber { get; set; }
    public int ClientId { get; set; }
    public string Kind { get; set; } = "new";
    public string Status { get; set; } = "pending";
    public int? PromoCodeId { get; set; }
    public string? PaymentMethod { get; set; }
    public decimal Amount { get; set; }
    public long? InvoiceId { get; set; }
    public string? Notes { get; set; }
}

/// <summary>An invoice of an order: a draft (no number yet), published, paid or cancelled.</summary>
public sealed record OrderInvoice(long Id, long? Number, string Status, decimal Total);

/// <summary>An order with the services it sold (or, for an upgrade, the service it changes) and its invoices.</summary>
public sealed record OrderView(Order Order, IReadOnlyList<int> ServiceIds)
{
    public IReadOnlyList<OrderInvoice> Invoices { get; init; } = [];
    public bool DryRun { get; init; }
}
