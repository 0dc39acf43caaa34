using System.Net;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>
/// Orders (SPEC §1 "Orders"): placing one creates its services (pending) and a draft invoice; accepting activates the
/// services and publishes the invoice; cancelling or marking fraud undoes both; back to pending reverses that.
/// </summary>
public sealed partial class OrderDesk(NpgsqlDataSource db, TimeProvider clock)
{
    /// <summary>A seam for the collision test: where order numbers come from.</summary>
    internal Func<long> NextOrderNumber { get; init; } = OrderNumbers.Random;

    public async Task<OrderView> PlaceAsync(NewOrder order, bool dryRun = false, CancellationToken ct = default)
    {
        if (order.Items.Count == 0) throw new InvalidInput("products", "An order needs at least one product.");
        foreach (var item in order.Items) EnsureItem(item);
        if (order.ClientIp is { } ip && !IPAddress.TryParse(ip, out _))
            throw new InvalidInput("client-ip", $"'{ip}' is not an IP address.");

        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await InvoiceBook.EnsureClientAsync(conn, tx, order.ClientId, ct);
            await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @ClientId for update", order, tx, cancellationToken: ct));
            await EnsureOrderableAsync(conn, tx, order.ClientId, order.Items.Select(i => i.ProductId), ct);
            var products = new List<Product>();
            foreach (var item in order.Items) products.Add(await ProductAsync(conn, tx, order.ClientId, item, ct));
            if (products.GroupBy(p => p.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new InvalidInput("products", $"{twice.First().Name} is ordered twice; order it once with the quantity wanted.");
            var promo = await PromoAsync(conn, tx, order.PromoCode, order.Date, products, ct);
            var issuer = order.PaymentMethod is { } pm
                ? await InvoiceWriter.IssuerAsync(conn, tx, pm, ct)
                : await InvoiceWriter.IssuerOfProductAsync(conn, tx, products[0].OrganisationId, ct);
            if (products.All(p => p.OrganisationId != issuer.Id))
                throw new InvalidInput("payment-method",
                    $"«{issuer.PaymentMethod}» is the payment method of an organisation that sells none of {string.Join(", ", products.Select(p => p.Name))}; " +
                    "each product is invoiced by the organisation that sells it: leave the payment method out or name that organisation's.");

            var (orderId, _) = await OrderNumbers.InsertOrderAsync(conn, tx, new
            {
                order.ClientId, Kind = "new", PromoCodeId = promo?.Id, issuer.PaymentMethod, order.ClientIp, order.Notes,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            }, NextOrderNumber, ct);
            var serviceIds = new List<int>();
            for (var i = 0; i < order.Items.Count; i++)
                serviceIds.Add(await InsertServiceAsync(conn, tx, orderId, order, order.Items[i], products[i],
                    promo is not null && promo.AppliesTo(products[i].Id) ? promo.Id : null, ct));
            await IssueDraftsAsync(conn, tx, orderId, order.ClientId, issuer.Id, order.Date, serviceIds, ct);
            if (promo is not null)
                await conn.ExecuteAsync(new CommandDefinition("update promo_codes set uses = uses + 1 where id = @Id", promo, tx, cancellationToken: ct));
            return await FinishAsync(conn, tx, orderId, dryRun, ct);
        }
    }

    /// <summary>Services become active; with <paramref name="issueInvoice"/> the order's invoice is published (or made again
    /// when the order was cancelled and set back to pending).</summary>
    public async Task<OrderView> AcceptAsync(int orderId, bool issueInvoice = true, bool dryRun = false, CancellationToken ct = default)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var order = await LockOrderAsync(conn, tx, orderId, ct);
            if (order.Status != "pending")
                throw new Conflict($"Order {order.OrderNumber} is {order.Status}; only a pending order can be accepted.");
            var services = await ServicesOfAsync(conn, tx, orderId, ct);
            await SetServicesAsync(conn, tx, orderId, "active", ["pending"], ct);
            if (issueInvoice)
            {
                var invoices = await InvoicesOfAsync(conn, tx, orderId, ct);
                if (invoices.All(i => i.Status == "cancelled") && services.Count > 0)
                {
                    var issuer = await InvoiceWriter.IssuerAsync(conn, tx, order.PaymentMethod, ct);
                    await IssueDraftsAsync(conn, tx, orderId, order.ClientId, issuer.Id, Today(), services, ct);
                    invoices = await InvoicesOfAsync(conn, tx, orderId, ct);
                }
                foreach (var draft in invoices.Where(i => i.Status == "draft"))
                    await InvoiceWriter.PublishAsync(conn, tx, draft.Id, clock.GetUtcNow().UtcDateTime, "orders", ct);
            }
            await SetOrderStatusAsync(conn, tx, orderId, "active", ct);
            return await FinishAsync(conn, tx, orderId, dryRun, ct);
        }
    }

    public Task<OrderView> CancelAsync(int orderId, bool dryRun = false, CancellationToken ct = default) => CloseAsync(orderId, "cancelled", dryRun, ct);

    public Task<OrderView> MarkFraudAsync(int orderId, bool dryRun = false, CancellationToken ct = default) => CloseAsync(orderId, "fraud", dryRun, ct);

    /// <summary>Reverses accept, cancel or fraud: the order and its services are pending again. A cancelled invoice stays
    /// cancelled (its number is never reused); accepting the order again issues a new one.</summary>
    public async Task<OrderView> BackToPendingAsync(int orderId, CancellationToken ct = default)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var order = await LockOrderAsync(conn, tx, orderId, ct);
            if (order.Status == "pending") throw new Conflict($"Order {order.OrderNumber} is already pending.");
            try
            {
                await SetServicesAsync(conn, tx, orderId, "pending", ["active", "cancelled", "fraud"], ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "services_one_product_per_client")
            {
                throw new Conflict($"Order {order.OrderNumber} cannot go back to pending: the client holds one of its products again in another service.");
            }
            await SetOrderStatusAsync(conn, tx, orderId, "pending", ct);
            await tx.CommitAsync(ct);
        }
        return await GetAsync(orderId, ct);
    }

    public async Task<OrderView> GetAsync(int orderId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ViewAsync(conn, null, orderId, ct);
    }

    static async Task<OrderView> ViewAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int orderId, CancellationToken ct)
    {
        var order = await conn.QuerySingleOrDefaultAsync<Order>(new CommandDefinition(
                        "select * from orders where id = @orderId", new { orderId }, tx, cancellationToken: ct))
                    ?? throw new NotFound($"There is no order #{orderId}.");
        var services = (await conn.QueryAsync<int>(new CommandDefinition("""
            select id from services where order_id = @orderId
            union select service_id from service_changes where order_id = @orderId
            order by 1
            """, new { orderId }, tx, cancellationToken: ct))).ToList();
        var invoices = (await conn.QueryAsync<OrderInvoice>(new CommandDefinition("""
            select id, number, status, total from invoices where order_id = @orderId order by id
            """, new { orderId }, tx, cancellationToken: ct))).ToList();
        return new OrderView(order, services) { Invoices = invoices };
    }

    /// <summary>The order as the unit of work leaves it, read before the commit (or the rollback of a dry run).</summary>
    static async Task<OrderView> FinishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, bool dryRun, CancellationToken ct)
    {
        var view = await ViewAsync(conn, tx, orderId, ct) with { DryRun = dryRun };
        await tx.FinishAsync(dryRun, ct);
        return view;
    }

    async Task<OrderView> CloseAsync(int orderId, string status, bool dryRun, CancellationToken ct)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var order = await LockOrderAsync(conn, tx, orderId, ct);
            if (order.Status == status) throw new Conflict($"Order {order.OrderNumber} is already {status}.");
            foreach (var (invoiceId, _) in await InvoicesOfAsync(conn, tx, orderId, ct))
            {
                var invoice = await InvoiceWriter.LockAsync(conn, tx, invoiceId, ct);
                if (invoice.Status == "draft") await InvoiceWriter.DeleteDraftAsync(conn, tx, invoiceId, ct);
                else if (invoice.Status is "unpaid" or "collections") await InvoiceWriter.CancelAsync(conn, tx, invoiceId, "orders", ct);
                else if (invoice.Status is "paid")
                    throw new Conflict($"Invoice {invoice.Title} of order {order.OrderNumber} is paid; refund it before the order is {status}.");
            }
            await SetServicesAsync(conn, tx, orderId, status, ["pending", "active", "suspended"], ct);
            await conn.ExecuteAsync(new CommandDefinition(
                "update service_changes set status = 'cancelled' where order_id = @orderId and status = 'pending'", new { orderId }, tx, cancellationToken: ct));
            await SetOrderStatusAsync(conn, tx, orderId, status, ct);
            return await FinishAsync(conn, tx, orderId, dryRun, ct);
        }
    }

    static void EnsureItem(OrderItem item)
    {
        foreach (var (option, quantity) in item.Options)
            if (quantity < 0)
                throw new InvalidInput("quantity", $"The quantity of option #{option} cannot be negative: {quantity}.");
        if (item.PriceOverride is < 0)
            throw new InvalidInput("price", $"The price of product #{item.ProductId} cannot be negative: {Money.Format(item.PriceOverride.Value)}.");
    }

    sealed class Product
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public string PayType { get; set; } = "";
        public int OrganisationId { get; set; }
    }

    async Task<Product> ProductAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, OrderItem item, CancellationToken ct)
    {
        var product = await conn.QuerySingleOrDefaultAsync<Product>(new CommandDefinition(
                          "select id, name, pay_type, organisation_id from products where id = @ProductId", item, tx, cancellationToken: ct))
                      ?? throw new NotFound($"There is no product #{item.ProductId}.");
        var fits = product.PayType switch
        {
            "recurring" => item.Cycle.IsRecurring(),
            "one_time" => item.Cycle == BillingCycle.OneTime,
            _ => item.Cycle == BillingCycle.Free,
        };
        if (!fits)
            throw new InvalidInput("billing-cycle", $"{product.Name} is sold {PayTypeText(product.PayType)}, not «{item.Cycle.RussianName()}».");
        var options = (await conn.QueryAsync<int>(new CommandDefinition(
            "select id from config_options where product_id = @Id", product, tx, cancellationToken: ct))).ToHashSet();
        foreach (var option in item.Options.Keys.Where(o => !options.Contains(o)))
            throw new InvalidInput("options", $"Option #{option} is not an option of {product.Name}.");
        var held = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            select id from services where client_id = @clientId and product_id = @Id and status in ('pending', 'active', 'suspended')
            """, new { clientId, product.Id }, tx, cancellationToken: ct));
        if (held is { } serviceId)
            throw new Conflict(Duplicate(clientId, product.Name, serviceId));
        if (await MovingToAsync(conn, tx, clientId, product.Id, ct) is { } moving)
            throw new Conflict($"Service #{moving.ServiceId} of client #{clientId} is moving to {product.Name} (order {moving.OrderNumber}, waiting for payment); " +
                               "pay or cancel that order instead of ordering a second service.");
        return product;
    }

    static string Duplicate(int clientId, string product, int serviceId) =>
        $"Client #{clientId} already holds {product} as service #{serviceId}; order an upgrade of service #{serviceId} instead of a second service.";

    static string PayTypeText(string payType) => payType switch
    {
        "recurring" => "by subscription (monthly, quarterly, semiannual, annual or biennial)",
        "one_time" => "once (one_time)",
        _ => "free of charge (free)",
    };

    sealed class Promo
    {
        public int Id { get; set; }
        public PromoCode Code { get; set; } = null!;
        public bool AppliesTo(int productId) => Code.ProductIds is not { Count: > 0 } ids || ids.Contains(productId);
    }

    static async Task<Promo?> PromoAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string? code, DateOnly date, List<Product> products, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var row = await conn.QuerySingleOrDefaultAsync<PromoRow>(new CommandDefinition(
                      "select * from promo_codes where lower(code) = lower(@code) for update", new { code = code.Trim() }, tx, cancellationToken: ct))
                  ?? throw new InvalidInput("promo-code", $"There is no promo code {code.Trim()}.");
        var promo = new Promo
        {
            Id = row.Id,
            Code = new PromoCode(row.Code, row.Description, PromoCode.ParseKind(row.Kind), row.Value, row.ProductIds, row.Recurring,
                row.ValidFrom, row.ValidUntil, row.MaxUses, row.Uses),
        };
        promo.Code.EnsureUsableOn(date);
        if (!products.Any(p => promo.AppliesTo(p.Id)))
            promo.Code.EnsureAppliesTo(products[0].Id, string.Join(", ", products.Select(p => p.Name)));
        return promo;
    }

    sealed class PromoRow
    {
        public int Id { get; set; }
        public string Code { get; set; } = "";
        public string Description { get; set; } = "";
        public string Kind { get; set; } = "";
        public decimal Value { get; set; }
        public int[]? ProductIds { get; set; }
        public bool Recurring { get; set; }
        public DateOnly? ValidFrom { get; set; }
        public DateOnly? ValidUntil { get; set; }
        public int? MaxUses { get; set; }
        public int Uses { get; set; }
    }

    static async Task<int> InsertServiceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, NewOrder order, OrderItem item,
        Product product, int? promoId, CancellationToken ct)
    {
        int id;
        try
        {
            id = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
                insert into services (client_id, product_id, order_id, registration_date, billing_cycle, price_override, next_due_date,
                                      status, promo_code_id)
                values (@ClientId, @ProductId, @orderId, @Date, @cycle, @PriceOverride, @due, 'pending', @promoId) returning id
                """, new
            {
                order.ClientId, item.ProductId, orderId, order.Date, cycle = item.Cycle.ToDb(), item.PriceOverride,
                due = item.Cycle.IsRecurring() ? order.Date : (DateOnly?)null, promoId,
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "services_one_product_per_client")
        {
            throw new Conflict($"Client #{order.ClientId} already holds {product.Name} (ordered at the same moment); order an upgrade instead.");
        }
        await conn.ExecuteAsync(new CommandDefinition(
            "insert into service_options (service_id, option_id, quantity) values (@id, @Key, @Value)",
            item.Options.Select(o => new { id, o.Key, o.Value }), tx, cancellationToken: ct));
        return id;
    }

    /// <summary>
    /// The order's invoices as drafts, split as renewals split them (<see cref="InvoiceGrouping.ByOrganisation{T}"/>): each
    /// organisation invoices the products it sells. A recurring service bought while the client already has a period
    /// running on the same cycle ends with that period and is prorated (SPEC §1: "An additional invoice … ends on the same
    /// date as the client's main period"); otherwise it pays a full period from the order date. The order's own invoice
    /// (orders.invoice_id) is the one of the order's payment method's organisation, else the first.
    /// </summary>
    async Task IssueDraftsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, int clientId, int preferredOrganisation, DateOnly date,
        IReadOnlyList<int> serviceIds, CancellationToken ct)
    {
        var services = await ServiceLoader.LoadAsync(conn, tx, serviceIds, ct);
        var lines = new Dictionary<int, List<InvoiceLine>>();
        foreach (var s in services)
        {
            var billable = s.Billable with { FirstInvoice = true, DueDate = date };
            if (billable.Cycle.IsRecurring())
            {
                var main = await MainPeriodAsync(conn, tx, clientId, billable.Cycle, date, serviceIds, ct);
                billable = billable with { Period = main?.From(date) };
                await conn.ExecuteAsync(new CommandDefinition(
                    "update services set next_due_date = @date, recurring_amount = @price where id = @Id",
                    new { date, price = billable.FullCyclePrice(), s.Id }, tx, cancellationToken: ct));
            }
            var serviceLines = InvoiceComposer.LinesOf(billable, date);
            await conn.ExecuteAsync(new CommandDefinition("update services set first_payment_amount = @amount where id = @Id",
                new { amount = Math.Max(0, serviceLines.Where(l => l.AddsToTotal).Sum(l => l.Amount)), s.Id }, tx, cancellationToken: ct));
            lines[s.Id] = serviceLines.ToList();
        }
        var separate = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select separate_invoices from clients where id = @clientId", new { clientId }, tx, cancellationToken: ct));
        var written = new List<(int Organisation, long Id)>();
        foreach (var (organisation, batch) in InvoiceGrouping.ByOrganisation(services.Where(s => lines[s.Id].Count > 0),
                     s => s.OrganisationId, s => s.ClientId, _ => date, _ => separate))
        {
            var issuer = await InvoiceWriter.IssuerOfProductAsync(conn, tx, organisation, ct);
            var invoiceId = await InvoiceWriter.InsertAsync(conn, tx, clientId, issuer, "order", date, date,
                batch.Items.SelectMany(s => lines[s.Id]).ToList(), null, ct);
            await conn.ExecuteAsync(new CommandDefinition("update invoices set order_id = @orderId where id = @invoiceId",
                new { invoiceId, orderId }, tx, cancellationToken: ct));
            written.Add((organisation, invoiceId));
        }
        if (written.Count == 0) return;
        var first = written.FirstOrDefault(w => w.Organisation == preferredOrganisation, written[0]).Id;
        await conn.ExecuteAsync(new CommandDefinition("""
            update orders set invoice_id = @first,
                amount = (select coalesce(sum(total), 0) from invoices where order_id = @orderId and status <> 'cancelled')
            where id = @orderId
            """, new { first, orderId }, tx, cancellationToken: ct));
    }

    /// <summary>The client's current period on a cycle: the one that ends the day before the earliest next due date after
    /// <paramref name="day"/> among the client's other live services on that cycle.</summary>
    internal static async Task<BillingPeriod?> MainPeriodAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, BillingCycle cycle,
        DateOnly day, IReadOnlyList<int> except, CancellationToken ct)
    {
        var next = await conn.ExecuteScalarAsync<DateOnly?>(new CommandDefinition("""
            select min(next_due_date) from services
            where client_id = @clientId and billing_cycle = @cycle and status in ('active', 'suspended')
              and next_due_date > @day and id <> all(@except)
            """, new { clientId, cycle = cycle.ToDb(), day, except = except.ToArray() }, tx, cancellationToken: ct));
        if (next is not { } due) return null;
        var period = BillingPeriod.Starting(due.AddMonths(-cycle.Months()), cycle);
        return period.Start <= day && period.End >= day ? period : null;
    }

    /// <summary>The order's client first, then the order (<see cref="LockOrder"/>): accepting publishes and closing cancels
    /// its invoices, and those lock the client.</summary>
    static async Task<Order> LockOrderAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, CancellationToken ct)
    {
        var clientId = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                           "select client_id from orders where id = @orderId", new { orderId }, tx, cancellationToken: ct))
                       ?? throw new NotFound($"There is no order #{orderId}.");
        await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @clientId for update", new { clientId }, tx, cancellationToken: ct));
        return await conn.QuerySingleAsync<Order>(new CommandDefinition(
            "select * from orders where id = @orderId for update", new { orderId }, tx, cancellationToken: ct));
    }

    static async Task<IReadOnlyList<(long Id, string Status)>> InvoicesOfAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, CancellationToken ct) =>
        (await conn.QueryAsync<(long, string)>(new CommandDefinition(
            "select id, status from invoices where order_id = @orderId order by id", new { orderId }, tx, cancellationToken: ct))).ToList();

    static async Task<IReadOnlyList<int>> ServicesOfAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, CancellationToken ct) =>
        (await conn.QueryAsync<int>(new CommandDefinition("select id from services where order_id = @orderId order by id",
            new { orderId }, tx, cancellationToken: ct))).ToList();

    static Task SetServicesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, string status, string[] from, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("update services set status = @status where order_id = @orderId and status = any(@from)",
            new { orderId, status, from }, tx, cancellationToken: ct));

    static Task SetOrderStatusAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, string status, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("update orders set status = @status where id = @orderId", new { orderId, status }, tx, cancellationToken: ct));

    DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), MoscowTime).DateTime);

    static readonly TimeZoneInfo MoscowTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
}
