using System.Text.Json;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>A service as stored, with what its invoice lines need (<see cref="Billable"/>).</summary>
internal sealed record StoredService(int Id, int ClientId, int OrganisationId, string Status, DateOnly? NextDueDate, BillableService Billable);

/// <summary>Reads services with their catalogue prices, options and promo code into <see cref="BillableService"/>.</summary>
internal static class ServiceLoader
{
    public static async Task<IReadOnlyList<StoredService>> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, IReadOnlyCollection<int> ids,
        CancellationToken ct, bool forUpdate = false)
    {
        var rows = (await conn.QueryAsync<ServiceRow>(new CommandDefinition($"""
            select s.id, s.client_id, s.product_id, p.name as product_name, p.organisation_id, s.status, s.billing_cycle,
                   s.next_due_date, s.price_override, s.discount_amount, s.discount_percent, pp.price as product_price,
                   pc.code as promo_code, pc.description as promo_description, pc.kind as promo_kind, pc.value as promo_value,
                   pc.product_ids as promo_product_ids, pc.recurring as promo_recurring, pc.valid_from as promo_valid_from,
                   pc.valid_until as promo_valid_until, pc.max_uses as promo_max_uses, coalesce(pc.uses, 0) as promo_uses
            from services s
            join products p on p.id = s.product_id
            left join product_prices pp on pp.product_id = s.product_id and pp.cycle = s.billing_cycle
            left join promo_codes pc on pc.id = s.promo_code_id
            where s.id = any(@ids)
            order by s.id
            {(forUpdate ? "for update of s" : "")}
            """, new { ids = ids.ToArray() }, tx, cancellationToken: ct))).ToList();
        var options = (await conn.QueryAsync<OptionRow>(new CommandDefinition("""
            select so.service_id, o.id as option_id, o.name, o.unit_name, o.priced, so.quantity,
                   coalesce((select json_object_agg(cop.cycle, cop.price) from config_option_prices cop where cop.option_id = o.id), '{}')::text as prices
            from service_options so join config_options o on o.id = so.option_id
            where so.service_id = any(@ids)
            order by o.sort, o.id
            """, new { ids = ids.ToArray() }, tx, cancellationToken: ct))).ToLookup(o => o.ServiceId);
        return rows.Select(r => new StoredService(r.Id, r.ClientId, r.OrganisationId, r.Status, r.NextDueDate, Billable(r, options[r.Id]))).ToList();
    }

    /// <summary>The catalogue's option prices per cycle, parsed from config_option_prices.</summary>
    public static IReadOnlyDictionary<BillingCycle, decimal> Prices(string json) =>
        (JsonSerializer.Deserialize<Dictionary<string, decimal>>(json) ?? [])
        .ToDictionary(p => BillingCycles.Parse(p.Key), p => p.Value);

    static BillableService Billable(ServiceRow r, IEnumerable<OptionRow> options)
    {
        var cycle = BillingCycles.Parse(r.BillingCycle);
        if (r.ProductPrice is null && r.PriceOverride is null && cycle.IsRecurring())
            throw new InvalidInput("price", $"{r.ProductName} (service #{r.Id}) has no price for the cycle «{cycle.RussianName()}» in the catalogue.");
        return new BillableService(r.ProductId, r.ProductName, cycle, r.ProductPrice ?? 0m, r.NextDueDate ?? default)
        {
            ServiceId = r.Id,
            Options = options.Select(o => new ServiceOption(o.Name, o.UnitName, o.Quantity, o.Priced, Prices(o.Prices)) { OptionId = o.OptionId }).ToList(),
            Promo = r.PromoCode is null ? null : new PromoCode(r.PromoCode, r.PromoDescription!, PromoCode.ParseKind(r.PromoKind!), r.PromoValue!.Value,
                r.PromoProductIds, r.PromoRecurring ?? true, r.PromoValidFrom, r.PromoValidUntil, r.PromoMaxUses, r.PromoUses),
            PriceOverride = r.PriceOverride,
            DiscountAmount = r.DiscountAmount,
            DiscountPercent = r.DiscountPercent,
        };
    }

    sealed class ServiceRow
    {
        public int Id { get; set; }
        public int ClientId { get; set; }
        public int ProductId { get; set; }
        public string ProductName { get; set; } = "";
        public int OrganisationId { get; set; }
        public string Status { get; set; } = "";
        public string BillingCycle { get; set; } = "";
        public DateOnly? NextDueDate { get; set; }
        public decimal? PriceOverride { get; set; }
        public decimal? DiscountAmount { get; set; }
        public decimal? DiscountPercent { get; set; }
        public decimal? ProductPrice { get; set; }
        public string? PromoCode { get; set; }
        public string? PromoDescription { get; set; }
        public string? PromoKind { get; set; }
        public decimal? PromoValue { get; set; }
        public int[]? PromoProductIds { get; set; }
        public bool? PromoRecurring { get; set; }
        public DateOnly? PromoValidFrom { get; set; }
        public DateOnly? PromoValidUntil { get; set; }
        public int? PromoMaxUses { get; set; }
        public int PromoUses { get; set; }
    }

    sealed class OptionRow
    {
        public int ServiceId { get; set; }
        public int OptionId { get; set; }
        public string Name { get; set; } = "";
        public string UnitName { get; set; } = "";
        public bool Priced { get; set; }
        public int Quantity { get; set; }
        public string Prices { get; set; } = "{}";
    }
}
