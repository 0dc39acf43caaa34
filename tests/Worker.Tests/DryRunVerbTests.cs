using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

/// <summary>
/// The verbs whose engine methods commit their own transactions, run with --dry-run: the dry run changes no table, and
/// what it prints is what the real run then does. Ids drawn from sequences (and the random order number) cannot be
/// reserved by a run that is rolled back, so those are the only fields left out of the comparison.
/// </summary>
public class DryRunVerbTests(PostgresCluster cluster) : VerbTest(cluster)
{
    static readonly string[] Tables = [.. LedgerTables, "promo_codes"];

    static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    static string InAMonth => DateTime.UtcNow.AddHours(3).AddMonths(1).AddDays(10).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>Runs the verb with --dry-run, then for real; returns both outcomes with the named fields blanked and dryRun dropped.</summary>
    async Task<(JsonNode Rehearsed, JsonNode Done)> RehearseThenRunAsync(string[] newIds, params string[] args)
    {
        var before = await SnapshotAsync(Tables);
        var rehearsed = await JsonOf([.. args, "--dry-run"]);
        Assert.Equal(before, await SnapshotAsync(Tables));
        Assert.True(rehearsed.GetProperty("dryRun").GetBoolean());

        var done = await JsonOf(args);
        Assert.False(done.GetProperty("dryRun").GetBoolean());
        Assert.NotEqual(before, await SnapshotAsync(Tables));
        return (Blank(rehearsed, newIds), Blank(done, newIds));
    }

    /// <summary>The outcome with the named fields (ids from sequences, timestamps) blanked and dryRun dropped.</summary>
    internal static JsonNode Blank(JsonElement element, string[] names)
    {
        var node = JsonNode.Parse(element.GetRawText())!;
        void Walk(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                o.Remove("dryRun");
                foreach (var key in o.Select(p => p.Key).ToList())
                    if (names.Contains(key)) o[key] = o[key] is JsonArray a ? new JsonArray(a.Select(_ => (JsonNode?)"*").ToArray()) : "*";
                    else Walk(o[key]);
            }
            else if (n is JsonArray arr)
                foreach (var item in arr) Walk(item);
        }
        Walk(node);
        return node;
    }

    static void Same((JsonNode Rehearsed, JsonNode Done) runs) =>
        Assert.Equal(runs.Done.ToJsonString(), runs.Rehearsed.ToJsonString());

    async Task<int> PlacedOrderAsync(string client = "12118", string product = "3:monthly")
    {
        var placed = await JsonOf("orders", "add", client, "--product", product, "--option", "5=2");
        return placed.GetProperty("order").GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Orders_add_rehearsed_prints_the_order_the_real_run_places()
    {
        var text = await Ok("orders", "add", "12118", "--product", "3:monthly", "--option", "5=1", "--dry-run");
        Assert.Contains("would be placed: pending", text.Out);
        Assert.Contains("(dry run: nothing was changed)", text.Out);

        var runs = await RehearseThenRunAsync(["id", "orderNumber", "invoiceId", "serviceIds"],
            "orders", "add", "12118", "--product", "4:annual", "--product", "3:monthly", "--option", "4:6=1", "--option", "3:5=1", "--promo", "REF5");
        Same(runs);
        Assert.Equal("pending", runs.Done["order"]!["status"]!.GetValue<string>());
        Assert.Equal(2, runs.Done["serviceIds"]!.AsArray().Count);
        Assert.True(runs.Done["order"]!["amount"]!.GetValue<decimal>() > 0);
        Assert.Equal("draft", runs.Done["invoices"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Orders_accept_rehearsed_prints_the_invoice_number_the_real_run_publishes()
    {
        var order = S(await PlacedOrderAsync());
        var runs = await RehearseThenRunAsync([], "orders", "accept", order);
        Same(runs);
        Assert.Equal("active", runs.Done["order"]!["status"]!.GetValue<string>());
        var invoice = runs.Done["invoices"]![0]!;
        Assert.Equal("unpaid", invoice["status"]!.GetValue<string>());
        Assert.True(invoice["number"]!.GetValue<long>() > 72_000);
    }

    [Fact]
    public async Task Orders_cancel_and_fraud_rehearsed_print_what_the_real_runs_do()
    {
        var accepted = S(await PlacedOrderAsync());
        await Ok("orders", "accept", accepted);
        var cancel = await RehearseThenRunAsync([], "orders", "cancel", accepted);
        Same(cancel);
        Assert.Equal("cancelled", cancel.Done["order"]!["status"]!.GetValue<string>());
        Assert.Equal("cancelled", cancel.Done["invoices"]![0]!["status"]!.GetValue<string>());

        var pending = S(await PlacedOrderAsync("12460"));
        var text = await Ok("orders", "fraud", pending, "--dry-run");
        Assert.Contains("would be marked fraud: fraud", text.Out);
        var fraud = await RehearseThenRunAsync([], "orders", "fraud", pending);
        Same(fraud);
        Assert.Equal("fraud", fraud.Done["order"]!["status"]!.GetValue<string>());
        Assert.Empty(fraud.Done["invoices"]!.AsArray());
    }

    [Fact]
    public async Task Orders_upgrade_rehearsed_prints_the_prorated_invoice_the_real_run_issues()
    {
        var runs = await RehearseThenRunAsync(["id", "orderNumber", "invoiceId"], "orders", "upgrade", "25355", "--option", "1=3");
        Same(runs);
        Assert.Equal("upgrade", runs.Done["order"]!["kind"]!.GetValue<string>());
        var invoice = runs.Done["invoices"]![0]!;
        Assert.Equal("unpaid", invoice["status"]!.GetValue<string>());
        Assert.Equal(runs.Done["order"]!["amount"]!.GetValue<decimal>(), invoice["total"]!.GetValue<decimal>());
        Assert.Equal(1, await CountAsync("service_changes", "service_id = 25355 and status = 'pending'"));
    }

    [Fact]
    public async Task Payments_refund_rehearsed_prints_what_the_real_refund_takes_off_the_invoice()
    {
        var number = await PublishedInvoiceAsync("1 660,00");
        var paid = await JsonOf("payments", "record", "--invoice", S(number), "--amount", "1 700,00", "--method", "наличные");
        var payment = S(paid.GetProperty("paymentId").GetInt64());

        var part = await RehearseThenRunAsync(["refundId"], "payments", "refund", payment, "--amount", "500,00");
        Same(part);
        Assert.Equal(40m, part.Done["fromCredit"]!.GetValue<decimal>());
        Assert.Equal(460m, part.Done["fromInvoice"]!.GetValue<decimal>());
        Assert.Equal("unpaid", part.Done["invoice"]!["status"]!.GetValue<string>());
        Assert.Equal(460m, part.Done["balanceDue"]!.GetValue<decimal>());

        var text = await Ok("payments", "refund", payment, "--dry-run");
        Assert.Contains("would take 1 200,00 руб. off invoice", text.Out);
        Assert.Contains("(now refunded)", text.Out);
        var rest = await RehearseThenRunAsync(["refundId"], "payments", "refund", payment);
        Same(rest);
        Assert.Equal("refunded", rest.Done["invoice"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoices_move_due_rehearsed_prints_the_prorata_invoice_the_real_move_issues()
    {
        var text = await Ok("invoices", "move-due", "4314", "--service", "25355", "--to", InAMonth, "--dry-run");
        Assert.Contains("Would move service(s) #25355", text.Out);
        Assert.Contains("; prorata invoice(s) № ", text.Out);
        Assert.Contains("(dry run: nothing was changed)", text.Out);

        var runs = await RehearseThenRunAsync(["id", "invoiceId"], "invoices", "move-due", "4314", "--service", "25355", "--to", InAMonth);
        Same(runs);
        var invoice = runs.Done["invoices"]![0]!;
        Assert.True(invoice["number"]!.GetValue<long>() > 72_000);
        Assert.True(invoice["total"]!.GetValue<decimal>() > 0);
    }
}
