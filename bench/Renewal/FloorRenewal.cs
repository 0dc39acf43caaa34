using Dapper;
using Npgsql;

namespace BackOffice.Bench.Renewal;

/// <summary>
/// The floor: the same renewal written set-based by PostgreSQL itself in one transaction — the due services priced
/// (product price + priced options, prorated for a mid-month due date), the lines numbered with row_number(), the
/// invoices numbered from invoice_numbering, then one INSERT … SELECT into invoices and one into invoice_lines, the same
/// columns filled as the engine fills them. Covers what the bench data uses (monthly/semi-annual, percent promo and
/// percent discount, organisations with or without VAT); not a second engine.
/// </summary>
static class FloorRenewal
{
    public sealed record Result(int Invoices, int Lines, decimal Total, TimeSpan Staging, TimeSpan InvoicesInsert, TimeSpan LinesInsert);

    public static async Task<Result> RunAsync(NpgsqlDataSource db, DateOnly runDate, DateOnly until, DateTime now)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await conn.ExecuteAsync(StageSql, new { until }, tx, commandTimeout: 0);
        var staging = watch.Elapsed;
        var invoices = await conn.ExecuteAsync("""
            insert into invoices (id, number, client_id, organisation_id, kind, status, issue_date, due_date, payment_method,
                                  subtotal, credit_applied, vat_rate, vat_amount, total, published_at)
            select i.id, i.number, i.client_id, i.organisation_id, 'renewal', 'unpaid', @runDate, i.next_due_date, o.payment_method,
                   t.total, 0, v.rate, coalesce(round(t.total * v.rate / (100 + v.rate), 2), 0), t.total, @now
            from floor_invoices i
            join organisations o on o.id = i.organisation_id
            join (select invoice_id, sum(amount) filter (where adds_to_total) as total from floor_lines group by invoice_id) t
                 on t.invoice_id = i.id
            left join lateral (select r.rate from vat_rates r where o.vat_mode = 'vat' and r.valid_from <= i.next_due_date
                               order by r.valid_from desc limit 1) v on true
            """, new { runDate, now }, tx, commandTimeout: 0);
        var invoicesInsert = watch.Elapsed - staging;
        var lines = await conn.ExecuteAsync("""
            insert into invoice_lines (invoice_id, line_no, kind, description, quantity, unit_price, amount, adds_to_total,
                                       service_id, product_id, period_start, period_end, bills_period)
            select invoice_id, line_no, kind, description, quantity, unit_price, amount, adds_to_total,
                   service_id, product_id, period_start, period_end, bills_period
            from floor_lines
            """, transaction: tx, commandTimeout: 0);
        await conn.ExecuteAsync("update invoice_numbering set last_number = (select coalesce(max(number), last_number) from floor_invoices)",
            transaction: tx);
        await tx.CommitAsync();
        watch.Stop();
        var total = await conn.ExecuteScalarAsync<decimal>("select coalesce(sum(total), 0) from invoices where kind = 'renewal'");
        return new Result(invoices, lines, total, staging, invoicesInsert, watch.Elapsed - staging - invoicesInsert);
    }

    const string StageSql = """
        create temp table floor_due on commit drop as
        select s.id as service_id, s.client_id, s.product_id, p.name as product_name, p.organisation_id, s.billing_cycle,
               s.next_due_date, c.separate_invoices,
               coalesce(s.price_override, coalesce(pp.price, 0) + coalesce((
                   select sum(so.quantity * cop.price) from service_options so
                   join config_options o on o.id = so.option_id and o.priced
                   join config_option_prices cop on cop.option_id = o.id and cop.cycle = s.billing_cycle
                   where so.service_id = s.id), 0)) as price,
               (date_trunc('month', s.next_due_date + make_interval(months => m.months)) - interval '1 day')::date as period_end,
               pc.kind as promo_kind, pc.value as promo_value, pc.description as promo_description,
               pc.recurring and (pc.product_ids is null or s.product_id = any(pc.product_ids)) as promo_applies,
               coalesce(s.discount_percent, 0) as discount_percent
        from services s
        join clients c on c.id = s.client_id
        join products p on p.id = s.product_id
        left join product_prices pp on pp.product_id = s.product_id and pp.cycle = s.billing_cycle
        left join promo_codes pc on pc.id = s.promo_code_id
        cross join lateral (select case s.billing_cycle when 'monthly' then 1 when 'quarterly' then 3 when 'semiannual' then 6 end as months) m
        where s.status in ('active', 'suspended')
          and s.billing_cycle in ('monthly', 'quarterly', 'semiannual')
          and s.next_due_date <= @until
          and not exists (select 1 from invoice_lines l where l.service_id = s.id and l.period_start = s.next_due_date and l.bills_period);

        create temp table floor_main on commit drop as
        select d.*, a.amount, coalesce(pr.off, 0) as promo_off
        from floor_due d
        cross join lateral (select round(d.price * (d.period_end + 1 - d.next_due_date)
                                         / (d.period_end + 1 - date_trunc('month', d.next_due_date)::date), 2) as amount) a
        left join lateral (select least(case d.promo_kind when 'percent' then round(a.amount * d.promo_value / 100, 2) else d.promo_value end,
                                        greatest(a.amount, 0)) as off
                           where d.promo_applies) pr on true;

        create temp table floor_invoices on commit drop as
        select nextval(pg_get_serial_sequence('invoices', 'id')) as id,
               (select last_number from invoice_numbering) + row_number() over (order by client_id, next_due_date, organisation_id, split) as number,
               client_id, next_due_date, organisation_id, split
        from (select distinct client_id, next_due_date, organisation_id, case when separate_invoices then service_id else 0 end as split
              from floor_main) g;

        create temp table floor_lines on commit drop as
        select i.id as invoice_id,
               row_number() over (partition by i.id order by l.service_id, l.part, l.sort, l.option_id)::int as line_no,
               l.kind, l.description, l.quantity, l.unit_price, l.amount, l.adds_to_total, l.service_id, l.product_id,
               l.period_start, l.period_end, l.bills_period
        from (
            select m.client_id, m.next_due_date, m.organisation_id, case when m.separate_invoices then m.service_id else 0 end as split,
                   m.service_id, 0 as part, 0 as sort, 0 as option_id, 'service' as kind,
                   m.product_name || ' (' || to_char(m.next_due_date, 'DD/MM/YYYY') || ' - ' || to_char(m.period_end, 'DD/MM/YYYY') || ')' as description,
                   1::numeric as quantity, m.price as unit_price, m.amount, true as adds_to_total, m.product_id,
                   m.next_due_date as period_start, m.period_end, true as bills_period
            from floor_main m
            union all
            select m.client_id, m.next_due_date, m.organisation_id, case when m.separate_invoices then m.service_id else 0 end,
                   m.service_id, 1, o.sort, o.id, 'option',
                   case when o.priced then o.name || ': ' || so.quantity || ' х ' || o.unit_name else o.name || ': ' || o.unit_name end,
                   so.quantity, sp.shown, sp.shown, false, m.product_id, null, null, false
            from floor_main m
            join service_options so on so.service_id = m.service_id and so.quantity > 0
            join config_options o on o.id = so.option_id
            cross join lateral (select coalesce(
                (select price from config_option_prices where option_id = o.id and cycle = 'monthly'),
                (select price from config_option_prices where option_id = o.id and cycle = m.billing_cycle), 0) as shown) sp
            union all
            select m.client_id, m.next_due_date, m.organisation_id, case when m.separate_invoices then m.service_id else 0 end,
                   m.service_id, 2, 0, 0, 'promo', 'Промо-код: ' || m.promo_description, 1, null, -m.promo_off, true, m.product_id,
                   null, null, false
            from floor_main m where m.promo_off > 0
            union all
            select m.client_id, m.next_due_date, m.organisation_id, case when m.separate_invoices then m.service_id else 0 end,
                   m.service_id, 3, 0, 0, 'discount',
                   'Скидка ' || trim_scale(m.discount_percent)::text || '% (' || m.product_name || ')',
                   1, null, -least(round(m.amount * m.discount_percent / 100, 2), m.amount - m.promo_off), true, m.product_id,
                   null, null, false
            from floor_main m where m.discount_percent > 0
        ) l
        join floor_invoices i on i.client_id = l.client_id and i.next_due_date = l.next_due_date
                             and i.organisation_id = l.organisation_id and i.split = l.split;
        """;
}
