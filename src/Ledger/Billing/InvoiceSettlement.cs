using System.Text.Json;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>
/// What paying an invoice sets in motion (SPEC §1): each service it bills moves its next due date to the day after the
/// billed period, pending services become active, a pending upgrade is applied and the ticket module is told.
/// </summary>
internal static class InvoiceSettlement
{
    public static readonly RefusalCode ProductHeldElsewhere = new("service.change-product-held");

    public static async Task MarkPaidAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long invoiceId, DateOnly paidDate, DateTime now, CancellationToken ct)
    {
        var number = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "update invoices set status = 'paid', paid_date = @paidDate where id = @invoiceId returning number",
            new { invoiceId, paidDate }, tx, cancellationToken: ct));

        // The line's period ends the day before the next due date (BillingPeriod.NextDueDate); a service already
        // moved past this period (paid twice by mistake) is not moved again.
        await conn.ExecuteAsync(new CommandDefinition("""
            update services s set next_due_date = l.period_end + 1
            from invoice_lines l
            where l.invoice_id = @invoiceId and l.bills_period and l.service_id = s.id
              and l.period_end is not null and s.next_due_date = l.period_start;
            update services s set status = 'active'
            where s.status = 'pending' and s.id in (select service_id from invoice_lines where invoice_id = @invoiceId and service_id is not null);
            """, new { invoiceId }, tx, cancellationToken: ct));

        await UnsuspendAsync(conn, tx, invoiceId, number, now, ct);

        var changes = (await conn.QueryAsync<PendingChange>(new CommandDefinition("""
            select id, service_id, new_product_id, new_cycle, new_options::text as new_options
            from service_changes where invoice_id = @invoiceId and status = 'pending' order by id for update
            """, new { invoiceId }, tx, cancellationToken: ct))).ToList();
        foreach (var change in changes)
            await ApplyAsync(conn, tx, change, now, ct);

        await Outbox.WriteAsync(conn, tx, "onec", "invoice.paid", invoiceId, new { invoiceId, number, paidDate }, ct);
    }

    /// <summary>
    /// <see cref="MarkPaidAsync"/> for many invoices at once, added to the caller's batch, for invoices that share no service
    /// and carry no pending service change (for those the order of settling matters: <see cref="PaymentBook.RecordManyAsync"/>).
    /// The caller's batch has already set the invoices' status and paid date, in the same update as what was paid.
    /// </summary>
    public static void AddMarkPaidMany(NpgsqlBatch batch, long[] invoiceIds, DateOnly[] paidDates, DateTime now)
    {
        NpgsqlParameter Ids() => PaymentBook.Param(invoiceIds);
        batch.BatchCommands.Add(PaymentBook.Command("""
            update services s set next_due_date = l.period_end + 1
            from invoice_lines l
            where l.invoice_id = any($1) and l.bills_period and l.service_id = s.id
              and l.period_end is not null and s.next_due_date = l.period_start
            """, Ids()));
        batch.BatchCommands.Add(PaymentBook.Command("""
            update services s set status = 'active'
            where s.status = 'pending' and s.id in (select service_id from invoice_lines where invoice_id = any($1) and service_id is not null)
            """, Ids()));
        batch.BatchCommands.Add(PaymentBook.Command("""
            with back as (
                update services s set status = 'active', suspended_for_invoice = null
                from invoices i
                where i.id = any($1) and s.suspended_for_invoice = i.id and s.status = 'suspended' and not s.keep_suspended
                returning s.id, s.client_id, i.id as invoice_id, 'Счёт № ' || i.number || ' оплачен' as reason, i.number
            ), history as (
                insert into service_history (service_id, occurred_at, status_from, status_to, reason, invoice_id, changed_by)
                select id, $2, 'suspended', 'active', reason, invoice_id, 'billing' from back
            )
            insert into outbox (destination, kind, aggregate_id, payload)
            select 'tickets', 'service.unsuspended', id,
                   jsonb_build_object('serviceId', id, 'clientId', client_id, 'invoiceId', invoice_id, 'number', number, 'reason', reason)
            from back order by invoice_id, id
            """, Ids(), new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz, TypedValue = now }));
        batch.BatchCommands.Add(PaymentBook.Command("""
            insert into outbox (destination, kind, aggregate_id, payload)
            select 'onec', 'invoice.paid', p.id, jsonb_build_object('invoiceId', p.id, 'number', i.number, 'paidDate', p.paid_date)
            from unnest($1, $2) with ordinality as p(id, paid_date, ord) join invoices i on i.id = p.id
            order by p.ord
            """, Ids(), PaymentBook.Param(paidDates)));
    }

    /// <summary>
    /// Services this invoice's non-payment suspended are active again, unless staff keep them suspended (a service
    /// suspended by hand has no suspending invoice, so it is never touched here). The service's history says why, and the
    /// ticket module is told, as it is told of a paid upgrade: staff switch the service back on.
    /// </summary>
    static async Task UnsuspendAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long invoiceId, long number, DateTime now, CancellationToken ct)
    {
        var back = (await conn.QueryAsync<(int ServiceId, int ClientId)>(new CommandDefinition("""
            with back as (
                update services s set status = 'active', suspended_for_invoice = null
                where s.suspended_for_invoice = @invoiceId and s.status = 'suspended' and not s.keep_suspended
                returning s.id, s.client_id
            ), history as (
                insert into service_history (service_id, occurred_at, status_from, status_to, reason, invoice_id, changed_by)
                select id, @now, 'suspended', 'active', @reason, @invoiceId, 'billing' from back
            )
            select id, client_id from back order by id
            """, new { invoiceId, now, reason = $"Счёт № {number} оплачен" }, tx, cancellationToken: ct))).ToList();
        foreach (var (serviceId, clientId) in back)
            await Outbox.WriteAsync(conn, tx, "tickets", "service.unsuspended", serviceId,
                new { serviceId, clientId, invoiceId, number, reason = $"Счёт № {number} оплачен" }, ct);
    }

    /// <summary>
    /// Applies an upgrade or downgrade now (paid, or nothing to pay): options, product and cycle, the recurring amount from
    /// the catalogue, and tells the ticket module what changed. Moving to another product drops the old product's options,
    /// a price override (it was agreed for the old product and cycle) and a promo code that is not valid for the new product.
    /// </summary>
    public static async Task ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, PendingChange change, DateTime now, CancellationToken ct)
    {
        var was = await conn.QuerySingleAsync<(int ProductId, string ProductName, string Cycle)>(new CommandDefinition(
            "select s.product_id, p.name, s.billing_cycle from services s join products p on p.id = s.product_id where s.id = @ServiceId",
            change, tx, cancellationToken: ct));
        var before = (await conn.QueryAsync<OptionQuantity>(new CommandDefinition("""
            select o.id as option_id, o.name, coalesce(so.quantity, 0) as quantity
            from services s join config_options o on o.product_id = s.product_id
            left join service_options so on so.service_id = s.id and so.option_id = o.id
            where s.id = @ServiceId order by o.id
            """, change, tx, cancellationToken: ct))).ToDictionary(o => o.OptionId);
        var productChanges = change.NewProductId is { } p && p != was.ProductId;
        var cycleChanges = change.NewCycle is { } c && c != was.Cycle;
        if (productChanges)
            await conn.ExecuteAsync(new CommandDefinition("""
                delete from service_options where service_id = @ServiceId
                  and option_id not in (select id from config_options where product_id = @NewProductId);
                update services s set promo_code_id = null
                from promo_codes pc
                where s.id = @ServiceId and pc.id = s.promo_code_id and cardinality(pc.product_ids) > 0 and not (@NewProductId = any(pc.product_ids));
                """, change, tx, cancellationToken: ct));
        var wanted = JsonSerializer.Deserialize<Dictionary<int, int>>(change.NewOptions) ?? [];
        foreach (var (optionId, quantity) in wanted)
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into service_options (service_id, option_id, quantity) values (@serviceId, @optionId, @quantity)
                on conflict (service_id, option_id) do update set quantity = excluded.quantity
                """, new { serviceId = change.ServiceId, optionId, quantity }, tx, cancellationToken: ct));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                update services set product_id = coalesce(@NewProductId, product_id), billing_cycle = coalesce(@NewCycle, billing_cycle),
                    price_override = case when @moves then null else price_override end
                where id = @ServiceId;
                update service_changes set status = 'applied', applied_at = @now where id = @Id;
                """, new { change.Id, change.ServiceId, change.NewProductId, change.NewCycle, moves = productChanges || cycleChanges, now },
                tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "services_one_product_per_client")
        {
            throw new Conflict(ProductHeldElsewhere, $"Service #{change.ServiceId} cannot move to product #{change.NewProductId}: the client holds that product in another service now.");
        }

        var service = (await ServiceLoader.LoadAsync(conn, tx, [change.ServiceId], ct)).Single();
        var recurringAmount = service.Billable.Cycle.IsRecurring() ? service.Billable.FullCyclePrice() : 0m;
        await conn.ExecuteAsync(new CommandDefinition("update services set recurring_amount = @recurringAmount where id = @ServiceId",
            new { recurringAmount, change.ServiceId }, tx, cancellationToken: ct));

        var afterNames = productChanges
            ? (await conn.QueryAsync<(int Id, string Name)>(new CommandDefinition(
                "select id, name from config_options where product_id = @NewProductId", change, tx, cancellationToken: ct))).ToDictionary(o => o.Id, o => o.Name)
            : before.ToDictionary(b => b.Key, b => b.Value.Name);
        var options = wanted
            .Select(w => new
            {
                optionId = w.Key,
                name = afterNames.TryGetValue(w.Key, out var n) ? n : $"#{w.Key}",
                before = !productChanges && before.TryGetValue(w.Key, out var q) ? q.Quantity : 0,
                after = w.Value,
            })
            .Concat(productChanges
                ? before.Values.Where(b => b.Quantity > 0).Select(b => new { optionId = b.OptionId, name = b.Name, before = b.Quantity, after = 0 })
                : [])
            .Where(o => o.before != o.after)
            .ToList();
        // The seed's staff opened "дисковое пространство + 5 гб" with the body "Δ 5-10" by hand after such a payment.
        var delta = string.Join("; ",
            (productChanges ? [$"{was.ProductName} → {service.Billable.ProductName}"] : Array.Empty<string>())
            .Concat(cycleChanges ? [$"{BillingCycles.Parse(was.Cycle).RussianName()} → {service.Billable.Cycle.RussianName()}"] : [])
            .Concat(options.Select(o => productChanges ? $"{o.name}: Δ {o.before}-{o.after}" : $"Δ {o.before}-{o.after}")));
        await Outbox.WriteAsync(conn, tx, "tickets", "service.upgrade_paid", change.ServiceId, new
        {
            serviceId = change.ServiceId, service.ClientId, productName = service.Billable.ProductName, changeId = change.Id,
            productBefore = new { id = was.ProductId, name = was.ProductName },
            productAfter = new { id = service.Billable.ProductId, name = service.Billable.ProductName },
            cycleBefore = was.Cycle, cycleAfter = service.Billable.Cycle.ToDb(),
            newProductId = change.NewProductId, newCycle = change.NewCycle, options, delta, recurringAmount,
        }, ct);
    }
}

internal sealed class PendingChange
{
    public int Id { get; set; }
    public int ServiceId { get; set; }
    public int? NewProductId { get; set; }
    public string? NewCycle { get; set; }
    public string NewOptions { get; set; } = "{}";
}

internal sealed class OptionQuantity
{
    public int OptionId { get; set; }
    public string Name { get; set; } = "";
    public int Quantity { get; set; }
}
