using Dapper;
using MySqlConnector;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Configurable options and the services' choices of them. WHMCS keeps options in groups linked to many products; the ledger
/// keeps them per product, so each (product, option) pair becomes one ledger option. Its unit is WHMCS's single sub-option
/// ("Количество пользователей: 5 х Пользователь"). A quantity is priced per unit; a yes/no option is an on/off item, priced only
/// when WHMCS charges for it. A choice among several (dropdown, radio) has no place among the ledger's options and is not taken:
/// the service's own amount, which becomes its price override, still bills what WHMCS would.
/// </summary>
static class OptionImport
{
    sealed record Option(long ProductId, long Id, string Name, int Type, int Order, long UnitId, string Unit, string Prices);
    sealed record Choice(long Id, long ServiceId, long OptionId, long SubId, int Quantity);

    const int Dropdown = 1, Radio = 2, YesNo = 3;

    /// <summary>One link per (product, option): WHMCS ids are below 2³¹, so the pair fits one key.</summary>
    static long Key(long product, long option) => (product << 32) | option;

    public static async Task CatalogueAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var prices = await CatalogueImport.PricesAsync(src, "configoptions", ct);
        var units = (await ListAsync(src, "select id, configid, optionname from tblproductconfigoptionssub order by configid, sortorder, id",
            r => (Id: Long(r, 0), Option: Long(r, 1), Name: Text(r, 2)), ct)).ToLookup(u => u.Option);
        var options = await ListAsync(src, """
            select l.pid, o.id, o.optionname, o.optiontype, o.`order` from tblproductconfigoptions o join tblproductconfiglinks l on l.gid = o.gid
            order by l.pid, o.id
            """, r => new Option(Long(r, 0), Long(r, 1), CatalogueImport.Display(Text(r, 2)), (int)Long(r, 3), (int)Long(r, 4), 0, "", ""), ct);
        options = options.Select(o => units[o.Id].FirstOrDefault() is { Name: not null } u
            ? o with { UnitId = u.Id, Unit = CatalogueImport.Display(u.Name), Prices = prices.TryGetValue(u.Id, out var p) ? string.Join(";", p) : "" }
            : o).ToList();

        decimal[] Unit(Option o) => prices.GetValueOrDefault(o.UnitId) ?? new decimal[11];
        bool Priced(Option o) => o.Type != YesNo || Unit(o)[5..10].Any(p => p > 0);
        // Names are unique per product in the ledger: a second option of the same name in a product gets its WHMCS id after it.
        var names = new HashSet<(long, string)>();
        options = options.Select(o => names.Add((o.ProductId, o.Name.ToLowerInvariant())) ? o : o with { Name = $"{o.Name} (WHMCS #{o.Id})" }).ToList();
        await RowImport.RunAsync(run, "config_option", options, o => Key(o.ProductId, o.Id), chunkSize, o =>
            !cx.Products.ContainsKey(o.ProductId) ? ("product_missing", $"option '{o.Name}' of product #{o.ProductId}: the product was not taken")
            : o.Type is Dropdown or Radio ? ("choice", $"option '{o.Name}' of product #{o.ProductId} is a choice among several (dropdown or radio); BackOffice's options are " +
                                               "quantities and on/off items. The services' amounts, their price overrides, still include what was chosen")
            : o.UnitId == 0 ? ("no_unit", $"option '{o.Name}' of product #{o.ProductId} has no sub-option to name its unit")
            : null,
            async (c, tx, o, existing, problems) =>
            {
                var key = Key(o.ProductId, o.Id);
                var v = Unit(o);
                var args = new { product = cx.Products[o.ProductId], name = o.Name, unit = o.Unit.Length > 0 ? o.Unit : "шт", priced = Priced(o), o.Order, existing };
                long id;
                if (existing is { } e)
                {
                    await c.ExecuteAsync(new CommandDefinition("""
                        update config_options set product_id = @product, name = @name, unit_name = @unit, priced = @priced, sort = @Order where id = @existing;
                        delete from config_option_prices where option_id = @existing
                        """, args, tx, cancellationToken: run.Ct));
                    id = e;
                }
                else id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                    insert into config_options (product_id, name, unit_name, priced, sort) values (@product, @name, @unit, @priced, @Order) returning id
                    """, args, tx, cancellationToken: run.Ct));
                // A one-time product's price sits in the monthly column (WHMCS's one-time pricing); the option follows its product.
                var oneTime = await c.ExecuteScalarAsync<string>(new CommandDefinition("select pay_type from products where id = @product", args, tx, cancellationToken: run.Ct)) == "one_time";
                var cycles = oneTime ? [("one_time", 5, 0)] : CatalogueImport.RecurringCycles;
                var offered = cycles.Where(x => v[x.Price] >= 0).ToList();
                await c.ExecuteAsync(new CommandDefinition("""
                    insert into config_option_prices (option_id, cycle, price) select @id, c, p from unnest(@cs, @ps) as x(c, p)
                    """, new { id, cs = offered.Select(x => x.Cycle).ToArray(), ps = offered.Select(x => v[x.Price]).ToArray() }, tx, cancellationToken: run.Ct));
                if (offered.Any(x => v[x.Setup] > 0))
                    problems.Add(new ImportProblem("config_option", key, "setup_fee", true,
                        $"option '{o.Name}' of product #{o.ProductId}: its setup fee was left out (BackOffice's options have none)"));
                if (!oneTime && v[10] > 0)
                    problems.Add(new ImportProblem("config_option", key, "triennial_price", true,
                        $"option '{o.Name}' of product #{o.ProductId}: its triennial price {v[10]} has no cycle in BackOffice and was left out"));
                return id;
            }, (o, local) => cx.ConfigOptions[(o.ProductId, o.Id)] = (local, Priced(o),
                [.. CatalogueImport.RecurringCycles.Where(x => Unit(o)[x.Price] >= 0).Select(x => x.Cycle)]));
    }

    public static async Task ServicesAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var choices = await ListAsync(src, "select id, relid, configid, optionid, qty from tblhostingconfigoptions order by id",
            r => new Choice(Long(r, 0), Long(r, 1), Long(r, 2), Long(r, 3), (int)Long(r, 4)), run.Ct);
        (long Id, bool Priced, HashSet<string> Cycles)? OptionOf(Choice x) =>
            cx.ServicePlans.TryGetValue(x.ServiceId, out var plan) && cx.ConfigOptions.TryGetValue((plan.Product, x.OptionId), out var o) ? o : null;
        await RowImport.RunAsync(run, "service_option", choices, x => x.Id, chunkSize, x =>
            !cx.ServicePlans.TryGetValue(x.ServiceId, out var plan) ? ("service_missing", $"its service #{x.ServiceId} was not taken")
            : OptionOf(x) is not { } o ? ("option_not_taken", $"service #{x.ServiceId}: its option #{x.OptionId} was not taken for product #{plan.Product} (see config_option)")
            : x.Quantity < 0 ? ("quantity_negative", $"service #{x.ServiceId}: its quantity {x.Quantity} is below zero")
            : o.Priced && x.Quantity > 0 && plan.Cycle is not ("free" or "one_time") && !o.Cycles.Contains(plan.Cycle)
                ? ("no_price_for_cycle", $"service #{x.ServiceId}: option #{x.OptionId} has no price for its cycle ({plan.Cycle})")
            : null,
            async (c, tx, x, existing, problems) =>
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    insert into service_options (service_id, option_id, quantity) values (@service, @option, @quantity)
                    on conflict (service_id, option_id) do update set quantity = excluded.quantity
                    """, new { service = x.ServiceId, option = OptionOf(x)!.Value.Id, quantity = x.Quantity }, tx, cancellationToken: run.Ct));
                return x.ServiceId;
            });
    }
}
