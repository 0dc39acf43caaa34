using System.Globalization;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

public class OrderVerbTests(PostgresCluster cluster) : VerbTest(cluster)
{
    static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_order_is_placed_accepted_and_its_invoice_published()
    {
        var placed = await JsonOf("orders", "add", "12118", "--product", "3:monthly", "--option", "5=2");
        var order = placed.GetProperty("order");
        Assert.Equal("pending", order.GetProperty("status").GetString());
        Assert.InRange(order.GetProperty("orderNumber").GetInt64(), 1_000_000_000, 9_999_999_999);
        var serviceId = placed.GetProperty("serviceIds")[0].GetInt32();
        Assert.Equal(1, await CountAsync("service_options", $"service_id = {serviceId} and option_id = 5 and quantity = 2"));
        var orderId = S(order.GetProperty("id").GetInt32());

        var accepted = await JsonOf("orders", "accept", orderId);
        Assert.Equal("active", accepted.GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(1, await CountAsync("invoices", "client_id = 12118 and status = 'unpaid' and kind = 'order'"));
        Assert.Equal(1, await CountAsync("services", $"id = {serviceId} and status = 'active'"));
        Assert.Contains("active", (await Ok("orders", "show", orderId)).Out);
    }

    [Fact]
    public async Task Orders_are_cancelled_or_marked_fraud_with_their_services()
    {
        var first = await JsonOf("orders", "add", "12118", "--product", "4", "--cycle", "annual", "--option", "6=1", "--promo", "REF5");
        var cancelled = await JsonOf("orders", "cancel", S(first.GetProperty("order").GetProperty("id").GetInt32()));
        Assert.Equal("cancelled", cancelled.GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(1, await CountAsync("services", "client_id = 12118 and product_id = 4 and status = 'cancelled'"));

        var second = await JsonOf("orders", "add", "12118", "--product", "4:annual", "--product", "3:monthly", "--option", "4:6=1", "--option", "3:5=1");
        Assert.Equal(2, second.GetProperty("serviceIds").GetArrayLength());
        var fraud = await JsonOf("orders", "fraud", S(second.GetProperty("order").GetProperty("id").GetInt32()));
        Assert.Equal("fraud", fraud.GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(2, await CountAsync("services", "client_id = 12118 and status = 'fraud'"));
    }

    [Fact]
    public async Task An_upgrade_goes_through_the_engine_prorated_and_waits_for_payment()
    {
        var upgrade = await JsonOf("orders", "upgrade", "25355", "--option", "1=3");
        Assert.Equal("upgrade", upgrade.GetProperty("order").GetProperty("kind").GetString());
        Assert.True(upgrade.GetProperty("order").GetProperty("amount").GetDecimal() > 0);
        Assert.Equal(1, await CountAsync("service_changes", "service_id = 25355 and status = 'pending'"));
        Assert.Equal(1, await CountAsync("service_options", "service_id = 25355 and option_id = 1 and quantity = 2"));
    }

    [Fact]
    public async Task An_order_for_a_retired_product_or_a_closed_client_is_refused()
    {
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("update products set retired = true where id = 3");
        await Refused(1, "Пакет дискового пространства 5ГБ (product #3) is retired", "orders", "add", "12118", "--product", "3:monthly");
        await Refused(1, "is retired", "orders", "upgrade", "26900", "--product", "3");

        await Ok("client", "edit", "12118", "--status", "closed");
        await Refused(1, "Client #12118 is closed", "orders", "add", "12118", "--product", "1:monthly", "--option", "1=1");
    }

    [Theory]
    [InlineData(1, "There is no order #999999", "orders", "show", "999999")]
    [InlineData(1, "There is no order #999999", "orders", "accept", "999999")]
    [InlineData(1, "There is no order #999999", "orders", "cancel", "999999")]
    [InlineData(1, "There is no order #999999", "orders", "fraud", "999999")]
    [InlineData(1, "There is no service #999999", "orders", "upgrade", "999999", "--option", "1=1")]
    [InlineData(1, "There is no client #424242", "orders", "add", "424242", "--product", "3:monthly")]
    [InlineData(1, "There is no product #999", "orders", "add", "12118", "--product", "999:monthly")]
    [InlineData(1, "already holds", "orders", "add", "7583", "--product", "4:annual")]
    [InlineData(2, "'weekly' is not a billing cycle", "orders", "add", "12118", "--product", "3:weekly")]
    [InlineData(2, "give its cycle", "orders", "add", "12118", "--product", "3")]
    [InlineData(2, "is not OPTION=QTY", "orders", "add", "12118", "--product", "3:monthly", "--option", "5")]
    public async Task Bad_input_is_refused_in_one_line_and_changes_nothing(int exitCode, string message, params string[] args) =>
        await Refused(exitCode, message, args);
}
