using Dapper;
using MySqlConnector;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Addons with their prices and products, and the services' addons. WHMCS 5.x gives an addon one cycle (its billingcycle label)
/// and one price, kept in tblpricing's monthly column; 7.x marks it "recurring" with a price per cycle. A custom addon of a service
/// (addonid 0, only a name) has no catalogue addon for the ledger to point at and is not taken.
/// </summary>
static class AddonImport
{
    sealed record Addon(long Id, string Name, string Cycle, string Products, string Prices);
    sealed record ServiceAddon(long Id, long ServiceId, long AddonId, string Name, decimal Recurring, string Cycle, string Status, DateOnly? Registered, DateOnly? NextDue);

    public static async Task CatalogueAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var prices = await CatalogueImport.PricesAsync(src, "addon", ct);
        var addons = await ListAsync(src, "select id, name, billingcycle, packages from tbladdons order by id",
            r => new Addon(Long(r, 0), Text(r, 1), Text(r, 2), Text(r, 3), ""), ct);
        addons = addons.Select(a => a with { Prices = prices.TryGetValue(a.Id, out var v) ? string.Join(";", v) : "" }).ToList();
        await RowImport.RunAsync(run, "addon", addons, a => a.Id, chunkSize,
            a => PayType(a.Cycle) is null ? ("cycle", $"addon '{a.Name}': its billing cycle '{a.Cycle}' has no counterpart in BackOffice") : null,
            async (c, tx, a, existing, problems) =>
            {
                var (payType, cycle) = PayType(a.Cycle)!.Value;
                var v = prices.GetValueOrDefault(a.Id);
                var name = await CatalogueImport.FreeNameAsync(c, tx, "addons", a.Name, a.Id, existing, ct);
                if (name != a.Name)
                    problems.Add(new ImportProblem("addon", a.Id, "name_taken", true, $"addon #{a.Id}: another addon is called '{a.Name}'; imported as '{name}'"));
                var args = new { name, payType, org = cx.OrganisationId, existing };
                long id;
                if (existing is { } e)
                {
                    await c.ExecuteAsync(new CommandDefinition("""
                        update addons set name = @name, pay_type = @payType where id = @existing;
                        delete from addon_prices where addon_id = @existing; delete from addon_products where addon_id = @existing
                        """, args, tx, cancellationToken: ct));
                    id = e;
                }
                else id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "insert into addons (name, pay_type, organisation_id) values (@name, @payType, @org) returning id", args, tx, cancellationToken: ct));
                // 5.x: one price for the addon's one cycle in the monthly column; 7.x "recurring": a price per cycle as for products.
                List<(string Cycle, decimal Price, decimal Setup)> offered = v is null || payType == "free" ? []
                    : cycle is null ? CatalogueImport.RecurringCycles.Where(x => v[x.Price] >= 0).Select(x => (x.Cycle, Price: v[x.Price], Setup: v[x.Setup])).ToList()
                    : v[5] >= 0 ? [(cycle, v[5], v[0])] : [];
                var products = a.Products.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => long.TryParse(p, out var pid) && cx.Products.TryGetValue(pid, out var local) ? local : 0).Where(p => p > 0).Distinct().ToArray();
                await c.ExecuteAsync(new CommandDefinition("""
                    insert into addon_prices (addon_id, cycle, price) select @id, c, p from unnest(@cs, @ps) as x(c, p);
                    insert into addon_products (addon_id, product_id) select @id, p from unnest(@products) as x(p);
                    """, new { id, cs = offered.Select(x => x.Cycle).ToArray(), ps = offered.Select(x => x.Price).ToArray(), products }, tx, cancellationToken: ct));
                if (offered.Any(x => x.Setup > 0))
                    problems.Add(new ImportProblem("addon", a.Id, "setup_fee", true, $"addon '{a.Name}': its setup fee was left out (BackOffice's addons have none)"));
                if (cycle is null && v is not null && v[10] > 0)
                    problems.Add(new ImportProblem("addon", a.Id, "triennial_price", true, $"addon '{a.Name}': its triennial price {v[10]} has no cycle in BackOffice and was left out"));
                return id;
            }, (a, local) => cx.Addons[a.Id] = local);
    }

    /// <summary>The ledger's pay type and, for a 5.x addon sold on one cycle, that cycle (null: priced per cycle).</summary>
    static (string PayType, string? Cycle)? PayType(string whmcs) => whmcs.Trim().ToLowerInvariant() switch
    {
        "recurring" => ("recurring", null),
        "free" or "free account" => ("free", null),
        "onetime" or "one time" or "one-time" => ("one_time", "one_time"),
        var label => ServiceImport.Cycle(label) is { } cycle and not ("free" or "one_time") ? ("recurring", cycle) : null,
    };

    public static async Task ServicesAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var rows = await ListAsync(src, """
            select id, hostingid, addonid, name, recurring, billingcycle, status, regdate, nextduedate from tblhostingaddons order by id
            """, r => new ServiceAddon(Long(r, 0), Long(r, 1), Long(r, 2), Text(r, 3), Money(r, 4), Text(r, 5), Text(r, 6).ToLowerInvariant(), Date(r, 7), Date(r, 8)), ct);
        await RowImport.RunAsync(run, "service_addon", rows, a => a.Id, chunkSize, a =>
            !cx.ServicePlans.ContainsKey(a.ServiceId) ? ("service_missing", $"its service #{a.ServiceId} was not taken")
            : a.AddonId == 0 ? ("custom_addon", $"service #{a.ServiceId}: the custom addon '{a.Name}' ({a.Recurring} per {a.Cycle}) has no catalogue addon; " +
                                                "BackOffice's service addons need one, so WHMCS's charge for it is not carried over")
            : !cx.Addons.ContainsKey(a.AddonId) ? ("addon_missing", $"service #{a.ServiceId}: its addon #{a.AddonId} was not taken")
            : ServiceImport.Cycle(a.Cycle) is null ? ("cycle", $"service #{a.ServiceId}: its billing cycle '{a.Cycle}' has no counterpart in BackOffice")
            : Status(a.Status) is null ? ("status", $"service #{a.ServiceId}: its status '{a.Status}' is not one a BackOffice service addon has")
            : a.Recurring < 0 ? ("amount_negative", $"service #{a.ServiceId}: its amount {a.Recurring} is below zero")
            : a.Registered is null ? ("date_missing", $"service #{a.ServiceId}: it has no registration date")
            : null,
            async (c, tx, a, existing, problems) =>
            {
                var args = new
                {
                    service = a.ServiceId, addon = cx.Addons[a.AddonId], cycle = ServiceImport.Cycle(a.Cycle), amount = a.Recurring, a.Registered, a.NextDue,
                    status = Status(a.Status), existing,
                };
                if (existing is { } e)
                {
                    await c.ExecuteAsync(new CommandDefinition("""
                        update service_addons set service_id = @service, addon_id = @addon, billing_cycle = @cycle, amount = @amount,
                            registration_date = @Registered, next_due_date = @NextDue, status = @status where id = @existing
                        """, args, tx, cancellationToken: ct));
                    return e;
                }
                return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                    insert into service_addons (service_id, addon_id, billing_cycle, amount, registration_date, next_due_date, status)
                    values (@service, @addon, @cycle, @amount, @Registered, @NextDue, @status) returning id
                    """, args, tx, cancellationToken: ct));
            });
    }

    static string? Status(string whmcs) => whmcs switch
    {
        "pending" or "active" or "suspended" or "terminated" or "cancelled" => whmcs,
        "completed" => "terminated",
        _ => null,
    };
}
