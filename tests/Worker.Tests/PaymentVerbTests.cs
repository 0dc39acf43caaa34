using System.Globalization;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

public class PaymentVerbTests(PostgresCluster cluster) : VerbTest(cluster)
{
    static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    static string Tomorrow => DateTime.UtcNow.AddHours(3).AddDays(1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_offline_payment_is_rehearsed_recorded_listed_shown_on_the_invoice_and_refunded()
    {
        var number = await PublishedInvoiceAsync("1 660,00");

        var before = await SnapshotAsync(LedgerTables);
        var rehearsal = await Ok("payments", "record", "--invoice", S(number), "--amount", "1 000,00", "--method", "наличные", "--dry-run");
        Assert.Contains("would be recorded", rehearsal.Out);
        Assert.Contains("1 000,00 руб. to invoice", rehearsal.Out);
        Assert.Equal(before, await SnapshotAsync(LedgerTables));

        var partial = await JsonOf("payments", "record", "--invoice", S(number), "--amount", "1000", "--method", "наличные", "--reference", "ПКО 17",
            "--date", Today);
        Assert.Equal(1000m, partial.GetProperty("toInvoice").GetDecimal());
        Assert.Equal("unpaid", partial.GetProperty("invoiceStatus").GetString());
        var rest = await JsonOf("payments", "record", "--invoice", S(number), "--amount", "700,00", "--method", "терминал");
        Assert.Equal(660m, rest.GetProperty("toInvoice").GetDecimal());
        Assert.Equal(40m, rest.GetProperty("toCredit").GetDecimal());
        Assert.Equal("paid", rest.GetProperty("invoiceStatus").GetString());

        var show = await JsonOf("invoices", "show", S(number));
        Assert.Equal(2, show.GetProperty("payments").GetArrayLength());
        Assert.Equal("ПКО 17", show.GetProperty("payments")[0].GetProperty("reference").GetString());
        Assert.Equal(40m, show.GetProperty("credit")[0].GetProperty("amount").GetDecimal());
        var text = await Ok("invoices", "show", S(number));
        Assert.Contains("Платежи:", text.Out);
        Assert.Contains("1 000,00 руб. наличные, ПКО 17", text.Out);

        var list = await JsonOf("payments", "list", "--client", "7583", "--method", "НАЛИЧНЫЕ", "--from", Today, "--to", Today);
        Assert.Equal(1, list.GetProperty("totals").GetProperty("count").GetInt32());
        Assert.Equal(1000m, list.GetProperty("totals").GetProperty("received").GetDecimal());
        Assert.Equal(2, (await JsonOf("payments", "list", "--invoice", S(number))).GetProperty("payments").GetArrayLength());

        var paymentId = partial.GetProperty("paymentId").GetInt64();
        var refund = await JsonOf("payments", "refund", S(paymentId), "--amount", "100,00");
        Assert.Equal(100m, refund.GetProperty("fromInvoice").GetDecimal());
        Assert.Equal(1, await CountAsync("payments", $"kind = 'refund' and refund_of = {paymentId}"));
    }

    [Fact]
    public async Task Money_without_an_invoice_goes_to_credit_which_is_shown_added_and_removed_with_a_reason()
    {
        var paid = await JsonOf("payments", "record", "--client", "4314", "--amount", "1 500,00", "--method", "другая система", "--reference", "T-991");
        Assert.Equal(1500m, paid.GetProperty("toCredit").GetDecimal());

        var before = await SnapshotAsync(LedgerTables);
        var rehearsal = await Ok("credit", "add", "4314", "--amount", "250", "--reason", "извинение за простой", "--dry-run");
        Assert.Contains("1 500,00 руб. → 1 750,00 руб.", rehearsal.Out);
        Assert.Equal(before, await SnapshotAsync(LedgerTables));

        await Ok("credit", "add", "4314", "--amount", "250", "--reason", "извинение за простой", "--by", "ekamyshina");
        var removed = await JsonOf("credit", "remove", "4314", "--amount", "1 000,00", "--reason", "возврат наличными");
        Assert.Equal(750m, removed.GetProperty("balanceAfter").GetDecimal());

        var show = await JsonOf("credit", "show", "4314");
        Assert.Equal(750m, show.GetProperty("balance").GetDecimal());
        Assert.Equal(["Платёж (другая система) на аванс", "извинение за простой", "возврат наличными"],
            show.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("reason").GetString()!).ToArray());
        Assert.Contains("750,00 руб.", (await Ok("credit", "show", "4314")).Out);

        await Refused(1, "holds 750.00 of credit", "credit", "remove", "4314", "--amount", "750,01", "--reason", "ошибка");

        before = await SnapshotAsync(LedgerTables);
        Assert.Contains("would pay client #4314 back 200,00 руб.", (await Ok("payments", "refund", "--credit", "4314", "--amount", "200", "--method", "перевод", "--reason", "клиент просит вернуть аванс", "--dry-run")).Out);
        Assert.Equal(before, await SnapshotAsync(LedgerTables));
        var refund = await JsonOf("payments", "refund", "--credit", "4314", "--amount", "200", "--method", "перевод", "--reason", "клиент просит вернуть аванс", "--reference", "п/п 88");
        Assert.Equal(550m, refund.GetProperty("balanceAfter").GetDecimal());
        Assert.Equal(1, await CountAsync("payments", "kind = 'refund' and invoice_id is null and client_id = 4314 and amount = 200"));
        await Refused(2, "cannot be refunded out of it", "payments", "refund", "--credit", "4314", "--amount", "550,01", "--method", "перевод", "--reason", "аванс");
    }

    [Theory]
    [InlineData(2, "more than zero", "--amount", "0")]
    [InlineData(2, "more than zero", "--amount", "-100,00")]
    [InlineData(2, "--amount: '12,345' is not an amount", "--amount", "12,345")]
    [InlineData(2, "cannot be dated in the future", "--amount", "100", "--date", "TOMORROW")]
    [InlineData(2, "--date: '2026-13-01' is not a date", "--amount", "100", "--date", "2026-13-01")]
    public async Task A_payment_of_zero_negative_or_future_is_refused_and_records_nothing(int exitCode, string message, params string[] args)
    {
        var number = await PublishedInvoiceAsync();
        await Refused(exitCode, message, ["payments", "record", "--invoice", S(number), "--method", "наличные",
            .. args.Select(a => a == "TOMORROW" ? Tomorrow : a)]);
    }

    [Theory]
    [InlineData(1, "There is no invoice № 999999", "payments", "record", "--invoice", "999999", "--amount", "1", "--method", "наличные")]
    [InlineData(1, "There is no client #424242", "payments", "record", "--client", "424242", "--amount", "1", "--method", "наличные")]
    [InlineData(1, "There is no client #424242", "payments", "list", "--client", "424242")]
    [InlineData(1, "There is no invoice № 999999", "payments", "list", "--invoice", "999999")]
    [InlineData(1, "There is no payment #999999", "payments", "refund", "999999")]
    [InlineData(1, "There is no client #424242", "credit", "show", "424242")]
    [InlineData(1, "There is no client #424242", "credit", "add", "424242", "--amount", "1", "--reason", "x")]
    [InlineData(1, "There is no client #424242", "credit", "remove", "424242", "--amount", "1", "--reason", "x", "--dry-run")]
    [InlineData(2, "--reason", "credit", "add", "7583", "--amount", "1")]
    [InlineData(2, "Give either --invoice", "payments", "record", "--amount", "1", "--method", "наличные")]
    [InlineData(2, "Give the payment id to refund, or --credit CLIENT", "payments", "refund")]
    [InlineData(2, "--credit needs --amount", "payments", "refund", "--credit", "4314", "--method", "перевод")]
    [InlineData(1, "There is no client #424242", "payments", "refund", "--credit", "424242", "--amount", "1", "--method", "перевод", "--reason", "аванс")]
    [InlineData(2, "needs a reason", "payments", "refund", "--credit", "4314", "--amount", "1", "--method", "перевод")]
    public async Task Bad_input_is_refused_in_one_line_and_changes_nothing(int exitCode, string message, params string[] args) =>
        await Refused(exitCode, message, args);
}
