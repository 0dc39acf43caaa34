using Dapper;
using MySqlConnector;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Promotions as promo codes: a percentage or a fixed amount off, limited to the products WHMCS lists (never widened: a code
/// that lists only addons or domains applies to nothing here and is not taken). What the ledger's codes cannot say — a price
/// override, a free setup, a limit on cycles or on the number of renewals discounted, required products — is listed.
/// </summary>
static class PromotionImport
{
    sealed record Promo(long Id, string Code, string Type, bool Recurring, decimal Value, string Cycles, string AppliesTo, string Requires,
        DateOnly? Start, DateOnly? End, int MaxUses, int Uses, int RecurFor);

    public static async Task RunAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var promos = await ListAsync(src, """
            select id, code, type, recurring, value, cycles, appliesto, requires, startdate, expirationdate, maxuses, uses, recurfor from tblpromotions order by id
            """, r => new Promo(Long(r, 0), Text(r, 1), Text(r, 2), Flag(r, 3), Money(r, 4), Text(r, 5), Text(r, 6), Text(r, 7), Date(r, 8), Date(r, 9),
            (int)Long(r, 10), (int)Long(r, 11), (int)Long(r, 12)), ct);
        var products = new Dictionary<long, long[]?>();
        await RowImport.RunAsync(run, "promotion", promos, p => p.Id, chunkSize, p =>
            p.Code.Length == 0 ? ("code_missing", "it has no code")
            : Kind(p.Type) is null ? ("kind", $"'{p.Code}' is a {p.Type}; BackOffice's promo codes take a percentage or a fixed amount off")
            : p.Value <= 0 || (Kind(p.Type) == "percent" && p.Value > 100) ? ("value", $"'{p.Code}' takes {p.Value} off, which a promo code cannot")
            : Products(p, cx) is { Length: 0 } ? ("applies_to_nothing_taken", $"'{p.Code}' applies only to '{p.AppliesTo}', none of them a product taken")
            : null,
            async (c, tx, p, existing, problems) =>
            {
                var ids = Products(p, cx);
                if (await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                        "select exists (select 1 from promo_codes where lower(code) = lower(@Code) and id <> coalesce(@existing, -1))",
                        new { p.Code, existing }, tx, cancellationToken: ct)))
                {
                    problems.Add(new ImportProblem("promotion", p.Id, "code_taken", false, $"promotion #{p.Id}: the code '{p.Code}' is another promo code's here"));
                    return 0;
                }
                Leftover(p, problems);
                var args = new
                {
                    p.Code, kind = Kind(p.Type), p.Value, ids = ids?.Select(i => (int)i).ToArray(), p.Recurring, p.Start, p.End,
                    max = p.MaxUses > 0 ? p.MaxUses : (int?)null, p.Uses, existing,
                };
                if (existing is { } e)
                {
                    await c.ExecuteAsync(new CommandDefinition("""
                        update promo_codes set code = @Code, description = @Code, kind = @kind, value = @Value, product_ids = @ids, recurring = @Recurring,
                            valid_from = @Start, valid_until = @End, max_uses = @max, uses = @Uses where id = @existing
                        """, args, tx, cancellationToken: ct));
                    return e;
                }
                // WHMCS's invoice line names the code itself ("Промо-код: Скидка для референсных клиентов 5%"): it is the description too.
                return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                    insert into promo_codes (code, description, kind, value, product_ids, recurring, valid_from, valid_until, max_uses, uses)
                    values (@Code, @Code, @kind, @Value, @ids, @Recurring, @Start, @End, @max, @Uses) returning id
                    """, args, tx, cancellationToken: ct));
            }, (p, local) => cx.Promotions[p.Id] = (local, p.Code, Products(p, cx)));
    }

    static string? Kind(string whmcs) => whmcs.Trim() switch
    {
        "Percentage" => "percent",
        "Fixed Amount" => "fixed",
        _ => null,
    };

    /// <summary>The ledger products of appliesto (product ids; A… addons and D… domains have none); null: any product.</summary>
    static long[]? Products(Promo p, ImportContext cx)
    {
        var listed = p.AppliesTo.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (listed.Length == 0) return null;
        return listed.Select(x => long.TryParse(x, out var id) && cx.Products.TryGetValue(id, out var local) ? local : 0).Where(x => x > 0).Distinct().Order().ToArray();
    }

    static void Leftover(Promo p, List<ImportProblem> problems)
    {
        void Add(string problem, string detail) => problems.Add(new ImportProblem("promotion", p.Id, problem, true, $"promotion '{p.Code}': {detail}"));
        var others = p.AppliesTo.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(x => !long.TryParse(x, out _)).ToList();
        if (others.Count > 0) Add("applies_to_left_out", $"it also applies to {string.Join(", ", others)} (addons, domains), left out");
        if (p.Cycles.Trim().Length > 0) Add("cycles_left_out", $"its limit to the cycles '{p.Cycles}' was left out: it applies on every cycle here");
        if (p.RecurFor > 0) Add("recur_for_left_out", $"WHMCS discounts only {p.RecurFor} renewals; here it discounts every renewal of the services holding it");
        if (p.Requires.Trim().Length > 0) Add("requires_left_out", $"its requirement of '{p.Requires}' in the same order was left out");
    }
}
