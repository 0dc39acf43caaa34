using Dapper;
using MySqlConnector;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Product groups and products with their rouble prices per cycle (tblpricing; -1 = cycle not offered). WHMCS's triennial
/// cycle has no counterpart in the ledger: such a price is left out and said so. Names are unique in the ledger: a second
/// product of the same name gets its WHMCS id after it.
/// </summary>
static class CatalogueImport
{
    sealed record Group(long Id, string Name, int Order);
    sealed record Product(long Id, long GroupId, string Name, string PayType, bool Hidden, bool Retired, string Prices);

    public static async Task RunAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var groups = await ListAsync(src, "select id, name, `order` from tblproductgroups order by id", r => new Group(Long(r, 0), Text(r, 1), (int)Long(r, 2)), ct);
        await RowImport.RunAsync(run, "product_group", groups, g => g.Id, chunkSize, _ => null, async (c, tx, g, existing, problems) =>
        {
            var name = await FreeNameAsync(c, tx, "product_groups", g.Name, g.Id, existing, ct);
            if (existing is { } id)
            {
                await c.ExecuteAsync(new CommandDefinition("update product_groups set name = @name, sort = @Order where id = @id", new { name, g.Order, id }, tx, cancellationToken: ct));
                return id;
            }
            return await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "insert into product_groups (name, sort) values (@name, @Order) returning id", new { name, g.Order }, tx, cancellationToken: ct));
        }, (g, local) => cx.ProductGroups[g.Id] = local);

        // Prices ride along in the row (as text) so that a changed price is a changed product.
        var prices = await PricesAsync(src, "product", ct);
        var products = await ListAsync(src, "select id, gid, name, paytype, hidden, retired from tblproducts order by id",
            r => new Product(Long(r, 0), Long(r, 1), Text(r, 2), Text(r, 3).ToLowerInvariant(), Flag(r, 4), Flag(r, 5), ""), ct);
        products = products.Select(p => p with { Prices = prices.TryGetValue(p.Id, out var v) ? string.Join(";", v) : "" }).ToList();

        await RowImport.RunAsync(run, "product", products, p => p.Id, chunkSize,
            p => cx.ProductGroups.ContainsKey(p.GroupId) ? null : ("group_missing", $"its product group #{p.GroupId} is not in WHMCS"),
            async (c, tx, p, existing, problems) =>
            {
                var payType = p.PayType switch { "free" => "free", "onetime" => "one_time", _ => "recurring" };
                var name = await FreeNameAsync(c, tx, "products", p.Name, p.Id, existing, ct);
                if (name != p.Name)
                    problems.Add(new ImportProblem("product", p.Id, "name_taken", true, $"product #{p.Id}: another product is called '{p.Name}'; imported as '{name}'"));
                var args = new { group = cx.ProductGroups[p.GroupId], name, payType, org = cx.OrganisationId, p.Hidden, p.Retired, existing };
                long id;
                if (existing is { } e)
                {
                    await c.ExecuteAsync(new CommandDefinition("""
                        update products set group_id = @group, name = @name, pay_type = @payType, hidden = @Hidden, retired = @Retired where id = @existing;
                        delete from product_prices where product_id = @existing
                        """, args, tx, cancellationToken: ct));
                    id = e;
                }
                else id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                    insert into products (group_id, name, pay_type, organisation_id, hidden, retired) values (@group, @name, @payType, @org, @Hidden, @Retired) returning id
                    """, args, tx, cancellationToken: ct));
                if (prices.TryGetValue(p.Id, out var v) && payType != "free")
                {
                    if (payType == "one_time")
                    {
                        if (v[5] >= 0) await PriceAsync(c, tx, id, "one_time", v[5], Math.Max(0, v[0]), ct);
                    }
                    else
                        foreach (var (cycle, price, setup) in RecurringCycles)
                            if (v[price] >= 0) await PriceAsync(c, tx, id, cycle, v[price], Math.Max(0, v[setup]), ct);
                    if (payType == "recurring" && v[10] >= 0)
                        problems.Add(new ImportProblem("product", p.Id, "triennial_price", true,
                            $"product #{p.Id} '{p.Name}': its triennial price {v[10]} has no cycle in BackOffice and was left out"));
                }
                return id;
            }, (p, local) => cx.Products[p.Id] = local);
    }

    /// <summary>
    /// tblpricing's rouble rows of one type by relid: setup fees then prices, monthly to triennially (index 0–4 setup, 5–10 price;
    /// -1 = not offered). WHMCS has no unique key there: the first row wins.
    /// </summary>
    internal static async Task<Dictionary<long, decimal[]>> PricesAsync(MySqlConnection src, string type, CancellationToken ct) =>
        (await ListAsync(src, """
            select p.relid, p.msetupfee, p.qsetupfee, p.ssetupfee, p.asetupfee, p.bsetupfee, p.monthly, p.quarterly, p.semiannually, p.annually, p.biennially, p.triennially
            from tblpricing p join tblcurrencies cur on cur.id = p.currency where p.type = @type and cur.code = 'RUB' order by p.id
            """, r => (Id: Long(r, 0), Values: Enumerable.Range(1, 11).Select(i => Money(r, i)).ToArray()), ct, ("@type", type)))
        .GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().Values);

    /// <summary>The ledger's recurring cycles with the index of their price and setup fee in a tblpricing row.</summary>
    internal static readonly (string Cycle, int Price, int Setup)[] RecurringCycles =
        [("monthly", 5, 0), ("quarterly", 6, 1), ("semiannual", 7, 2), ("annual", 8, 3), ("biennial", 9, 4)];

    /// <summary>"key|Display" names (WHMCS's config options and fields): the part people see.</summary>
    internal static string Display(string name) => name.Split('|') is [_, var shown, ..] && shown.Trim().Length > 0 ? shown.Trim() : name.Trim();

    static Task PriceAsync(Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction tx, long product, string cycle, decimal price, decimal setup, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("insert into product_prices (product_id, cycle, price, setup_fee) values (@product, @cycle, @price, @setup)",
            new { product, cycle, price, setup }, tx, cancellationToken: ct));

    /// <summary>The name, or "name (WHMCS #id)" when another row of the table has it.</summary>
    internal static async Task<string> FreeNameAsync(Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction tx, string table, string name, long whmcsId, long? self, CancellationToken ct)
    {
        var taken = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"select exists (select 1 from {table} where lower(name) = lower(@name) and id <> coalesce(@self, -1))", new { name, self }, tx, cancellationToken: ct));
        return taken ? $"{name} (WHMCS #{whmcsId})" : name;
    }
}
