using Dapper;
using MySqlConnector;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Orders with their numbers, and services with their ids, cycles, amounts, next due dates and statuses. WHMCS renews a service
/// at its own recurring amount (tblhosting.amount, options and discounts included): that amount becomes the service's price
/// override, so the ledger's renewals bill what WHMCS would have.
/// </summary>
static class ServiceImport
{
    sealed record Order(long Id, long Number, long ClientId, DateTime? Date, decimal Amount, string Method, long InvoiceId, string Status, string? Notes, string PromoCode);
    sealed record Service(long Id, long ClientId, long OrderId, long ProductId, DateOnly? Registered, decimal FirstPayment, decimal Amount,
        string Cycle, DateOnly? NextDue, string Status, string? Notes, long PromoId);

    public static async Task OrdersAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var orders = await ListAsync(src, "select id, ordernum, userid, date, amount, paymentmethod, invoiceid, status, notes, promocode from tblorders order by id",
            r => new Order(Long(r, 0), Long(r, 1), Long(r, 2), Time(r, 3), Money(r, 4), Text(r, 5), Long(r, 6), Text(r, 7), TextOrNull(r, 8), Text(r, 9)), ct);
        var promoByCode = cx.Promotions.Values.GroupBy(p => p.Code, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        foreach (var o in orders) cx.OrderInvoices[o.Id] = o.InvoiceId;
        await RowImport.RunAsync(run, "order", orders, o => o.Id, chunkSize, o =>
            !cx.Clients.TryGetValue(o.ClientId, out var client) ? ("client_missing", $"its client #{o.ClientId} is not in WHMCS")
            : client.Currency != "RUB" ? ("currency", $"it is in {client.Currency}, not roubles")
            : o.Number is < 1_000_000_000 or > 9_999_999_999 ? ("number", $"its number {o.Number} is not the 10 digits BackOffice's order numbers have")
            : o.Amount < 0 ? ("amount_negative", $"its amount {o.Amount} is below zero")
            : null,
            async (c, tx, o, existing, problems) =>
            {
                var status = o.Status.ToLowerInvariant() is "pending" or "active" or "fraud" or "cancelled" ? o.Status.ToLowerInvariant() : "active";
                if (status != o.Status.ToLowerInvariant())
                    problems.Add(new ImportProblem("order", o.Id, "status", true, $"order #{o.Id}: status '{o.Status}' is not one BackOffice has; imported as active"));
                var args = new
                {
                    o.Id, o.Number, o.ClientId, status, method = o.Method.Length > 0 ? o.Method : null, o.Amount, o.Notes,
                    promo = promoByCode.TryGetValue(o.PromoCode.Trim(), out var pid) ? pid : (long?)null,
                    at = o.Date is { } d ? ImportContext.Utc(d) : (DateTime?)null,
                };
                await c.ExecuteAsync(new CommandDefinition("""
                    insert into orders (id, order_number, client_id, status, payment_method, amount, notes, promo_code_id, created_at)
                    values (@Id, @Number, @ClientId, @status, @method, @Amount, @Notes, @promo, coalesce(@at, now()))
                    on conflict (id) do update set order_number = excluded.order_number, status = excluded.status, payment_method = excluded.payment_method,
                        amount = excluded.amount, notes = excluded.notes, promo_code_id = excluded.promo_code_id
                    """, args, tx, cancellationToken: ct));
                return o.Id;
            }, (o, local) => cx.Orders[o.Id] = local,
            "select setval(pg_get_serial_sequence('orders', 'id'), greatest((select max(id) from orders), 1))");
    }

    public static async Task ServicesAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var services = await ListAsync(src, """
            select id, userid, orderid, packageid, regdate, firstpaymentamount, amount, billingcycle, nextduedate, domainstatus, notes, promoid from tblhosting order by id
            """, r => new Service(Long(r, 0), Long(r, 1), Long(r, 2), Long(r, 3), Date(r, 4), Money(r, 5), Money(r, 6), Text(r, 7), Date(r, 8),
            Text(r, 9).ToLowerInvariant(), TextOrNull(r, 10), Long(r, 11)), ct);
        // A client holds a product once while it lives (seed 003: more of it is an upgrade); WHMCS allowed more.
        var live = new Dictionary<(long, long), long>();
        await RowImport.RunAsync(run, "service", services, s => s.Id, chunkSize, s =>
            !cx.Clients.TryGetValue(s.ClientId, out var client) ? ("client_missing", $"its client #{s.ClientId} is not in WHMCS")
            : client.Currency != "RUB" ? ("currency", $"it is in {client.Currency}, not roubles")
            : !cx.Products.ContainsKey(s.ProductId) ? ("product_missing", $"its product #{s.ProductId} was not taken")
            : Cycle(s.Cycle) is null ? ("cycle", $"its billing cycle '{s.Cycle}' has no counterpart in BackOffice (one time, monthly, quarterly, semi-annual, annual, biennial, free)")
            : Status(s.Status) is null ? ("status", $"its status '{s.Status}' is not one BackOffice has")
            : s.Amount < 0 || s.FirstPayment < 0 ? ("amount_negative", "its amount is below zero")
            : s.Registered is null ? ("date_missing", "it has no registration date")
            : Status(s.Status) is "pending" or "active" or "suspended" && live.TryGetValue((s.ClientId, s.ProductId), out var other) && other != s.Id
                ? ("same_product_twice", $"client #{s.ClientId} already holds product #{s.ProductId} in service #{other}; a second live one is an upgrade of it in BackOffice")
            : Remember(live, s),
            async (c, tx, s, existing, problems) =>
            {
                var cycle = Cycle(s.Cycle)!;
                var product = cx.Products[s.ProductId];
                // A code limited to other products would refuse every renewal of the service: such a link is left out, and said so.
                long? promo = s.PromoId > 0 && cx.Promotions.TryGetValue(s.PromoId, out var p) && (p.Products is null || p.Products.Contains(product)) ? p.Id : null;
                if (s.PromoId > 0 && promo is null)
                    problems.Add(new ImportProblem("service", s.Id, "promotion_left_out", true,
                        $"service #{s.Id}: its promotion #{s.PromoId} was not taken or does not apply to its product; imported without it"));
                long? order = s.OrderId > 0 && cx.Orders.TryGetValue(s.OrderId, out var o) ? o : null;
                var args = new
                {
                    s.Id, s.ClientId, product, order, promo, s.Registered, cycle, amount = cycle is "free" or "one_time" ? 0m : s.Amount,
                    s.FirstPayment, over = cycle is "free" or "one_time" ? (decimal?)null : s.Amount, s.NextDue, status = Status(s.Status), s.Notes,
                };
                await c.ExecuteAsync(new CommandDefinition("""
                    insert into services (id, client_id, product_id, order_id, registration_date, billing_cycle, recurring_amount, first_payment_amount,
                        price_override, next_due_date, status, admin_notes, promo_code_id)
                    values (@Id, @ClientId, @product, @order, @Registered, @cycle, @amount, @FirstPayment, @over, @NextDue, @status, @Notes, @promo)
                    on conflict (id) do update set product_id = excluded.product_id, order_id = excluded.order_id, registration_date = excluded.registration_date,
                        billing_cycle = excluded.billing_cycle, recurring_amount = excluded.recurring_amount, first_payment_amount = excluded.first_payment_amount,
                        price_override = excluded.price_override, next_due_date = excluded.next_due_date, status = excluded.status, admin_notes = excluded.admin_notes,
                        promo_code_id = excluded.promo_code_id
                    """, args, tx, cancellationToken: ct));
                return s.Id;
            }, (s, local) =>
            {
                cx.Services[s.Id] = cx.Products[s.ProductId];
                cx.ServicePlans[s.Id] = (s.ProductId, Cycle(s.Cycle)!);
            },
            "select setval(pg_get_serial_sequence('services', 'id'), greatest((select max(id) from services), 1))");
    }

    static (string, string)? Remember(Dictionary<(long, long), long> live, Service s)
    {
        if (Status(s.Status) is "pending" or "active" or "suspended") live[(s.ClientId, s.ProductId)] = s.Id;
        return null;
    }

    internal static string? Cycle(string whmcs) => whmcs.Trim().ToLowerInvariant() switch
    {
        "free account" or "free" => "free",
        "one time" or "one-time" or "onetime" => "one_time",
        "monthly" => "monthly",
        "quarterly" => "quarterly",
        "semi-annually" or "semiannually" => "semiannual",
        "annually" => "annual",
        "biennially" => "biennial",
        _ => null,
    };

    static string? Status(string whmcs) => whmcs switch
    {
        "pending" or "active" or "suspended" or "terminated" or "cancelled" or "fraud" => whmcs,
        "completed" => "terminated",
        _ => null,
    };

    /// <summary>Once invoices are in: each order points at its invoice (and the invoice at its order), where both were taken.</summary>
    public static async Task LinkOrdersToInvoicesAsync(ImportRun run, ImportContext cx)
    {
        var pairs = cx.OrderInvoices.Where(p => p.Value > 0 && cx.Orders.ContainsKey(p.Key) && cx.Invoices.Contains(p.Value)).ToList();
        if (pairs.Count == 0) return;
        await run.ChunkAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("""
            update orders o set invoice_id = x.i from unnest(@os, @is) as x(o, i) where o.id = x.o and o.invoice_id is distinct from x.i;
            update invoices v set order_id = x.o from unnest(@os, @is) as x(o, i) where v.id = x.i and v.order_id is distinct from x.o;
            """, new { os = pairs.Select(p => (int)p.Key).ToArray(), @is = pairs.Select(p => p.Value).ToArray() }, tx, cancellationToken: run.Ct)), countChunk: false);
    }
}
