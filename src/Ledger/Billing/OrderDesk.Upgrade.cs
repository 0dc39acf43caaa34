using System.Text.Json;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

public sealed partial class OrderDesk
{
    /// <summary>
    /// An upgrade or downgrade mid-period (SPEC §1) of option quantities, product and/or billing cycle: credit for the unused
    /// part of the old price, charge for the new price over the same remaining days (<see cref="Proration.Change"/>); the
    /// next due date does not move. A new cycle's price is prorated against that cycle's length, so the service keeps its
    /// due date and renews on the new cycle from it. An upgrade waits for its invoice to be paid; a downgrade (or a change
    /// that costs nothing) applies at once and its difference goes to the client's credit.
    /// </summary>
    public async Task<OrderView> PlaceUpgradeAsync(UpgradeOrder upgrade, bool dryRun = false, CancellationToken ct = default)
    {
        foreach (var (option, quantity) in upgrade.Options)
            if (quantity < 0)
                throw new InvalidInput("quantity", $"The quantity of option #{option} cannot be negative: {quantity}.");
        if (upgrade.NewCycle is { } asked && !asked.IsRecurring())
            throw new InvalidInput("billing-cycle",
                $"A service can only move to a billing period (monthly, quarterly, semiannual, annual or biennial), not «{asked.RussianName()}».");
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            // Lock order as for new orders and payments: client, then service.
            var clientId = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                               "select client_id from services where id = @ServiceId", upgrade, tx, cancellationToken: ct))
                           ?? throw new NotFound($"There is no service #{upgrade.ServiceId}.");
            await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @clientId for update", new { clientId }, tx, cancellationToken: ct));
            await EnsureOrderableAsync(conn, tx, clientId, upgrade.NewProductId is { } wanted ? [wanted] : [], ct);
            var service = (await ServiceLoader.LoadAsync(conn, tx, [upgrade.ServiceId], ct, forUpdate: true)).Single();
            var old = service.Billable;
            if (service.Status is not ("active" or "suspended"))
                throw new Conflict($"Service #{service.Id} is {service.Status}; only an active or suspended service can be upgraded.");
            var pending = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
                select o.order_number from service_changes c join orders o on o.id = c.order_id
                where c.service_id = @Id and c.status = 'pending'
                """, service, tx, cancellationToken: ct));
            if (pending is { } number)
                throw new Conflict($"Service #{service.Id} already has a change waiting for payment (order {number}); pay or cancel it first.");
            if (!old.Cycle.IsRecurring() || service.NextDueDate is not { } nextDue)
                throw new InvalidInput("service", $"Service #{service.Id} ({old.ProductName}) is not billed by period, so it has nothing to prorate.");

            var cycle = upgrade.NewCycle ?? old.Cycle;
            var target = upgrade.NewProductId is { } productId && productId != old.ProductId
                ? await TargetProductAsync(conn, tx, service, productId, ct)
                : new TargetProduct(old.ProductId, old.ProductName, service.OrganisationId);
            var productChanges = target.Id != old.ProductId;
            var cycleChanges = cycle != old.Cycle;
            var productPrice = old.ProductPrice;
            if (productChanges || cycleChanges)
            {
                await EnsureNextPeriodNotBilledAsync(conn, tx, service.Id, nextDue, ct);
                productPrice = await conn.ExecuteScalarAsync<decimal?>(new CommandDefinition(
                                   "select price from product_prices where product_id = @Id and cycle = @cycle",
                                   new { target.Id, cycle = cycle.ToDb() }, tx, cancellationToken: ct))
                               ?? throw new InvalidInput("billing-cycle", $"{target.Name} has no price for the cycle «{cycle.RussianName()}» in the catalogue.");
            }

            var catalogue = await OptionCatalogueAsync(conn, tx, target.Id, ct);
            foreach (var option in upgrade.Options.Keys.Where(o => !catalogue.ContainsKey(o)))
                throw new InvalidInput("options", $"Option #{option} is not an option of {target.Name}.");
            int QuantityBefore(int optionId) => productChanges ? 0 : old.Options.FirstOrDefault(x => x.OptionId == optionId)?.Quantity ?? 0;
            var changed = upgrade.Options
                .Select(o => (Id: o.Key, Name: catalogue[o.Key].Name, Before: QuantityBefore(o.Key), After: o.Value))
                .Where(o => o.Before != o.After).ToList();
            if (!productChanges && !cycleChanges && changed.Count == 0)
                throw new InvalidInput("options", upgrade.NewProductId is null && upgrade.NewCycle is null
                    ? $"The order changes nothing: service #{service.Id} already has these quantities."
                    : $"The order changes nothing: service #{service.Id} is already {old.ProductName}, «{old.Cycle.RussianName()}», with these quantities.");
            var newOptions = catalogue.Values
                .Select(c => c with { Quantity = upgrade.Options.TryGetValue(c.OptionId!.Value, out var q) ? q : QuantityBefore(c.OptionId!.Value) })
                .Where(o => o.Quantity > 0 || (!productChanges && old.Options.Any(x => x.OptionId == o.OptionId))).ToList();
            // A price override was agreed for the old product and cycle; the new ones are priced from the catalogue.
            var after = old with
            {
                ProductId = target.Id, ProductName = target.Name, Cycle = cycle, ProductPrice = productPrice, Options = newOptions,
                PriceOverride = productChanges || cycleChanges ? null : old.PriceOverride,
            };
            var current = BillingPeriod.Starting(nextDue.AddMonths(-old.Cycle.Months()), old.Cycle);
            var change = Proration.Change(old.FullCyclePrice(), after.FullCyclePrice(), current, upgrade.Date, cycleChanges ? cycle : null);

            var issuer = upgrade.PaymentMethod is { } pm
                ? await InvoiceWriter.IssuerAsync(conn, tx, pm, ct)
                : await InvoiceWriter.IssuerOfProductAsync(conn, tx, target.OrganisationId, ct);
            var (orderId, _) = await OrderNumbers.InsertOrderAsync(conn, tx, new
            {
                service.ClientId, Kind = "upgrade", PromoCodeId = (int?)null, issuer.PaymentMethod, ClientIp = (string?)null, upgrade.Notes,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            }, NextOrderNumber, ct);
            // A product change stores the new product's whole option set; otherwise only the quantities that change.
            var stored = productChanges
                ? newOptions.ToDictionary(o => o.OptionId!.Value, o => o.Quantity)
                : changed.ToDictionary(c => c.Id, c => c.After);
            var pendingChange = new PendingChange
            {
                ServiceId = service.Id,
                NewProductId = productChanges ? target.Id : null,
                NewCycle = cycleChanges ? cycle.ToDb() : null,
                NewOptions = JsonSerializer.Serialize(stored.ToDictionary(o => o.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), o => o.Value)),
            };
            pendingChange.Id = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
                insert into service_changes (service_id, order_id, new_product_id, new_cycle, new_options, created_at)
                values (@ServiceId, @orderId, @NewProductId, @NewCycle, @NewOptions::jsonb, @at) returning id
                """, new { pendingChange.ServiceId, orderId, pendingChange.NewProductId, pendingChange.NewCycle, pendingChange.NewOptions,
                at = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));

            var what = (productChanges ? $"{old.ProductName} → {target.Name}" : old.ProductName)
                       + (cycleChanges ? $", {old.Cycle.RussianName()} → {cycle.RussianName()}" : "")
                       + (changed.Count > 0 ? $" — {string.Join(", ", changed.Select(c => $"{c.Name}: {c.Before} → {c.After}"))}" : "");
            if (change.ToPay > 0)
            {
                var line = change.ToLine(service.Id, target.Id, what);
                var invoiceId = await InvoiceWriter.InsertAsync(conn, tx, service.ClientId, issuer, "upgrade", upgrade.Date, upgrade.Date, [line], null, ct);
                await conn.ExecuteAsync(new CommandDefinition("""
                    update service_changes set invoice_id = @invoiceId where id = @changeId;
                    update invoices set order_id = @orderId where id = @invoiceId;
                    update orders set invoice_id = @invoiceId, amount = @amount, status = 'active' where id = @orderId;
                    """, new { invoiceId, changeId = pendingChange.Id, orderId, amount = change.ToPay }, tx, cancellationToken: ct));
                await InvoiceWriter.PublishAsync(conn, tx, invoiceId, clock.GetUtcNow().UtcDateTime, "orders", ct);
            }
            else
            {
                await CreditMoves.MoveAsync(conn, tx, service.ClientId, upgrade.Date, change.ToCredit, $"Перерасчёт при смене пакета: {what} ({change.Period})",
                    null, null, "orders", ct);
                await InvoiceSettlement.ApplyAsync(conn, tx, pendingChange, clock.GetUtcNow().UtcDateTime, ct);
                await conn.ExecuteAsync(new CommandDefinition("update orders set status = 'active' where id = @orderId", new { orderId }, tx, cancellationToken: ct));
            }
            return await FinishAsync(conn, tx, orderId, dryRun, ct);
        }
    }

    sealed record TargetProduct(int Id, string Name, int OrganisationId);

    /// <summary>The product a service moves to: it must exist, be sold by subscription and not be held (or be about to be
    /// held) by another of the client's services — a client must not hold the same product twice.</summary>
    static async Task<TargetProduct> TargetProductAsync(NpgsqlConnection conn, NpgsqlTransaction tx, StoredService service, int productId,
        CancellationToken ct)
    {
        var product = await conn.QuerySingleOrDefaultAsync<Product>(new CommandDefinition(
                          "select id, name, pay_type, organisation_id from products where id = @productId", new { productId }, tx, cancellationToken: ct))
                      ?? throw new NotFound($"There is no product #{productId}.");
        if (product.PayType != "recurring")
            throw new InvalidInput("product", $"{product.Name} is sold {PayTypeText(product.PayType)}; service #{service.Id} can only move to a product sold by subscription.");
        var held = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            select id from services where client_id = @ClientId and product_id = @productId and status in ('pending', 'active', 'suspended')
            """, new { service.ClientId, productId }, tx, cancellationToken: ct));
        if (held is { } other)
            throw new Conflict($"Client #{service.ClientId} already holds {product.Name} as service #{other}; upgrade service #{other} instead of moving service #{service.Id} to it.");
        var moving = await MovingToAsync(conn, tx, service.ClientId, productId, ct);
        if (moving is { } m)
            throw new Conflict($"Service #{m.ServiceId} of client #{service.ClientId} is already moving to {product.Name} (order {m.OrderNumber}, waiting for payment); " +
                               $"service #{service.Id} cannot move to it too.");
        return new TargetProduct(product.Id, product.Name, product.OrganisationId);
    }

    /// <summary>
    /// A renewal already issued for the period from the next due date bills the old product and cycle, and paying it would
    /// move the due date by the old cycle: it has to be cancelled first (and renewed again after the change).
    /// </summary>
    static async Task EnsureNextPeriodNotBilledAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int serviceId, DateOnly nextDue, CancellationToken ct)
    {
        var billed = (await conn.QueryAsync<(string Title, string Status, DateOnly Start, DateOnly End)>(new CommandDefinition("""
            select coalesce('№ ' || i.number, 'черновик #' || i.id), i.status, l.period_start, l.period_end
            from invoice_lines l join invoices i on i.id = l.invoice_id
            where l.service_id = @serviceId and l.bills_period and l.period_start >= @nextDue
            order by l.period_start limit 1
            """, new { serviceId, nextDue }, tx, cancellationToken: ct))).ToList();
        if (billed is [var b])
            throw new Conflict($"Service #{serviceId}'s period {BillingPeriod.Format(b.Start)} - {BillingPeriod.Format(b.End)} is already invoiced " +
                               $"on the old product and cycle (invoice {b.Title}, {b.Status}); cancel that invoice before changing the product or cycle.");
    }

    /// <summary>A change waiting for payment that moves one of the client's services to the product.</summary>
    static async Task<(int ServiceId, long OrderNumber)?> MovingToAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int clientId, int productId,
        CancellationToken ct) =>
        (await conn.QueryAsync<(int, long)>(new CommandDefinition("""
            select c.service_id, o.order_number from service_changes c join services s on s.id = c.service_id join orders o on o.id = c.order_id
            where s.client_id = @clientId and c.new_product_id = @productId and c.status = 'pending'
            """, new { clientId, productId }, tx, cancellationToken: ct))).Select(r => ((int, long)?)r).FirstOrDefault();

    static async Task<Dictionary<int, ServiceOption>> OptionCatalogueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int productId, CancellationToken ct) =>
        (await conn.QueryAsync<(int Id, string Name, string UnitName, bool Priced, string Prices)>(new CommandDefinition("""
            select o.id, o.name, o.unit_name, o.priced,
                   coalesce((select json_object_agg(p.cycle, p.price) from config_option_prices p where p.option_id = o.id), '{}')::text
            from config_options o where o.product_id = @productId order by o.sort, o.id
            """, new { productId }, tx, cancellationToken: ct)))
        .ToDictionary(o => o.Id, o => new ServiceOption(o.Name, o.UnitName, 0, o.Priced, ServiceLoader.Prices(o.Prices)) { OptionId = o.Id });
}
