using System.Text.Json;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

public sealed partial class OrderDesk
{
    /// <summary>
    /// An upgrade or downgrade of option quantities mid-period (SPEC §1): credit for the unused part of the old price, charge
    /// for the new price over the same remaining days (<see cref="Proration.Change"/>); the next due date does not move.
    /// An upgrade waits for its invoice to be paid; a downgrade (or a change that costs nothing) applies at once and its
    /// difference goes to the client's credit.
    /// </summary>
    public async Task<OrderView> PlaceUpgradeAsync(UpgradeOrder upgrade, CancellationToken ct = default)
    {
        foreach (var (option, quantity) in upgrade.Options)
            if (quantity < 0)
                throw new InvalidInput("quantity", $"The quantity of option #{option} cannot be negative: {quantity}.");
        int orderId;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var service = (await ServiceLoader.LoadAsync(conn, tx, [upgrade.ServiceId], ct, forUpdate: true)).SingleOrDefault()
                          ?? throw new NotFound($"There is no service #{upgrade.ServiceId}.");
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

            var catalogue = await OptionCatalogueAsync(conn, tx, old.ProductId, ct);
            foreach (var option in upgrade.Options.Keys.Where(o => !catalogue.ContainsKey(o)))
                throw new InvalidInput("options", $"Option #{option} is not an option of {old.ProductName}.");
            var changed = upgrade.Options
                .Select(o => (Id: o.Key, Name: catalogue[o.Key].Name, Before: old.Options.FirstOrDefault(x => x.OptionId == o.Key)?.Quantity ?? 0, After: o.Value))
                .Where(o => o.Before != o.After).ToList();
            if (changed.Count == 0)
                throw new InvalidInput("options", $"The order changes nothing: service #{service.Id} already has these quantities.");
            var newOptions = catalogue.Values
                .Select(c => c with { Quantity = upgrade.Options.TryGetValue(c.OptionId!.Value, out var q) ? q
                    : old.Options.FirstOrDefault(x => x.OptionId == c.OptionId)?.Quantity ?? 0 })
                .Where(o => o.Quantity > 0 || old.Options.Any(x => x.OptionId == o.OptionId)).ToList();
            var current = BillingPeriod.Starting(nextDue.AddMonths(-old.Cycle.Months()), old.Cycle);
            var change = Proration.Change(old.FullCyclePrice(), (old with { Options = newOptions }).FullCyclePrice(), current, upgrade.Date);

            var issuer = upgrade.PaymentMethod is { } pm
                ? await InvoiceWriter.IssuerAsync(conn, tx, pm, ct)
                : await InvoiceWriter.IssuerOfProductAsync(conn, tx, service.OrganisationId, ct);
            (orderId, _) = await OrderNumbers.InsertOrderAsync(conn, tx, new
            {
                service.ClientId, Kind = "upgrade", PromoCodeId = (int?)null, issuer.PaymentMethod, ClientIp = (string?)null, upgrade.Notes,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            }, NextOrderNumber, ct);
            var changeId = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
                insert into service_changes (service_id, order_id, new_options, created_at) values (@serviceId, @orderId, @options::jsonb, @at) returning id
                """, new { serviceId = service.Id, orderId, options = JsonSerializer.Serialize(changed.ToDictionary(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c.After)),
                at = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));

            var what = $"{old.ProductName} — {string.Join(", ", changed.Select(c => $"{c.Name}: {c.Before} → {c.After}"))}";
            if (change.ToPay > 0)
            {
                var line = change.ToLine(service.Id, old.ProductId, what);
                var invoiceId = await InvoiceWriter.InsertAsync(conn, tx, service.ClientId, issuer, "upgrade", upgrade.Date, upgrade.Date, [line], null, ct);
                await conn.ExecuteAsync(new CommandDefinition("""
                    update service_changes set invoice_id = @invoiceId where id = @changeId;
                    update orders set invoice_id = @invoiceId, amount = @amount, status = 'active' where id = @orderId;
                    """, new { invoiceId, changeId, orderId, amount = change.ToPay }, tx, cancellationToken: ct));
                await InvoiceWriter.PublishAsync(conn, tx, invoiceId, clock.GetUtcNow().UtcDateTime, "orders", ct);
            }
            else
            {
                await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @ClientId for update", service, tx, cancellationToken: ct));
                await CreditMoves.MoveAsync(conn, tx, service.ClientId, upgrade.Date, change.ToCredit, $"Перерасчёт при смене пакета: {what} ({change.Period})",
                    null, null, "orders", ct);
                var applied = new PendingChange { Id = changeId, ServiceId = service.Id, NewOptions = await conn.ExecuteScalarAsync<string>(new CommandDefinition(
                    "select new_options::text from service_changes where id = @changeId", new { changeId }, tx, cancellationToken: ct)) ?? "{}" };
                await InvoiceSettlement.ApplyAsync(conn, tx, applied, clock.GetUtcNow().UtcDateTime, ct);
                await conn.ExecuteAsync(new CommandDefinition("update orders set status = 'active' where id = @orderId", new { orderId }, tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
        }
        return await GetAsync(orderId, ct);
    }

    static async Task<Dictionary<int, ServiceOption>> OptionCatalogueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int productId, CancellationToken ct) =>
        (await conn.QueryAsync<(int Id, string Name, string UnitName, bool Priced, string Prices)>(new CommandDefinition("""
            select o.id, o.name, o.unit_name, o.priced,
                   coalesce((select json_object_agg(p.cycle, p.price) from config_option_prices p where p.option_id = o.id), '{}')::text
            from config_options o where o.product_id = @productId order by o.sort, o.id
            """, new { productId }, tx, cancellationToken: ct)))
        .ToDictionary(o => o.Id, o => new ServiceOption(o.Name, o.UnitName, 0, o.Priced, ServiceLoader.Prices(o.Prices)) { OptionId = o.Id });
}
