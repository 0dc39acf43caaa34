using System.Globalization;
using System.Text.Json;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

public class InvoiceVerbTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = ConnectionString };

    [Fact]
    public async Task Renewals_run_from_the_command_line_once_and_the_invoice_prints_as_text_and_json()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        // The demo's due dates follow today, so run for today with a window that reaches the next first of a month.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var first = await CliRun.Of(Config, "invoices", "renew", "--date", today, "--days", "40", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        using var result = JsonDocument.Parse(first.Out);
        var numbers = result.RootElement.GetProperty("invoiceNumbers").EnumerateArray().Select(n => n.GetInt64()).ToList();
        Assert.NotEmpty(numbers);
        // The demo continues the company's numbering (seed 003's last invoice is № 72815).
        Assert.Equal(Enumerable.Range(0, numbers.Count).Select(n => 72816L + n), numbers.Order());

        var again = await CliRun.Of(Config, "invoices", "renew", "--date", today, "--days", "40", "--json");
        using var second = JsonDocument.Parse(again.Out);
        Assert.Empty(second.RootElement.GetProperty("invoiceNumbers").EnumerateArray());
        Assert.Equal(numbers.Count, await CountAsync("invoices"));

        var sarkisov = await CountAsync("invoices", "client_id = 7583");
        Assert.Equal(1, sarkisov);
        var text = await CliRun.Of(Config, "invoices", "show", numbers[0].ToString(CultureInfo.InvariantCulture));
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Итого", text.Out);
        Assert.Contains("К оплате", text.Out);

        var json = await CliRun.Of(Config, "invoices", "show", numbers[0].ToString(CultureInfo.InvariantCulture), "--json");
        using var invoice = JsonDocument.Parse(json.Out);
        var lines = invoice.RootElement.GetProperty("lines").EnumerateArray().ToList();
        var total = invoice.RootElement.GetProperty("invoice").GetProperty("total").GetDecimal();
        Assert.Equal(total, lines.Where(l => l.GetProperty("addsToTotal").GetBoolean()).Sum(l => l.GetProperty("amount").GetDecimal()));
    }

    [Fact]
    public async Task Unknown_invoice_and_bad_date_are_refused()
    {
        var missing = await CliRun.Of(Config, "invoices", "show", "999999");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("999999", missing.Err);
        var bad = await CliRun.Of(Config, "invoices", "renew", "--date", "2019-02-31");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal(0, await CountAsync("invoices"));
    }

    [Fact]
    public async Task Numbering_continues_the_company_s_and_refuses_a_number_already_published()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        var shown = await CliRun.Of(Config, "invoices", "numbering", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        using (var state = JsonDocument.Parse(shown.Out))
            Assert.Equal(72816, state.RootElement.GetProperty("nextNumber").GetInt64());

        var set = await CliRun.Of(Config, "invoices", "numbering", "--next", "72850");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("Next invoice number: 72850; highest published: none yet.\n", set.Out.ReplaceLineEndings("\n"));
        await PublishAsync();
        Assert.Equal(72850, await ScalarAsync("select max(number) from invoices"));

        var tables = new[] { "invoices", "invoice_numbering", "outbox", "credit_ledger" };
        var before = await SnapshotAsync(tables);
        foreach (var refused in new[] { "72850", "72000" })
        {
            var run = await CliRun.Of(Config, "invoices", "numbering", "--next", refused);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"Refused: The next invoice number cannot be {refused}: invoice № 72850 is the highest ever published, so the next number must be above 72850.\n",
                run.Err.ReplaceLineEndings("\n"));
        }
        Assert.Equal(before, await SnapshotAsync(tables));
        Assert.Equal(0, (await CliRun.Of(Config, "invoices", "numbering", "--next", "72851")).ExitCode);
    }

    [Fact]
    public async Task A_fresh_install_starts_at_the_configured_first_number_and_the_key_is_left_alone_once_anything_is_numbered()
    {
        var config = new Dictionary<string, string?>(Config) { ["BackOffice:Billing:FirstInvoiceNumber"] = "72900" };
        var shown = await CliRun.Of(config, "invoices", "numbering");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Equal("Next invoice number: 72900; highest published: none yet.\n", shown.Out.ReplaceLineEndings("\n"));
        await PublishAsync();
        Assert.Equal(72900, await ScalarAsync("select max(number) from invoices"));

        var later = new Dictionary<string, string?>(Config) { ["BackOffice:Billing:FirstInvoiceNumber"] = "80000" };
        Assert.Equal(0, (await CliRun.Of(later, "invoices", "numbering")).ExitCode);
        Assert.Equal(72900, await ScalarAsync("select last_number from invoice_numbering"));

        var bad = await CliRun.Of(new Dictionary<string, string?>(Config) { ["BackOffice:Billing:FirstInvoiceNumber"] = "0" }, "invoices", "numbering");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("FirstInvoiceNumber", bad.Err);
    }

    async Task PublishAsync()
    {
        await using var db = BackOffice.Ledger.Database.Db.CreateDataSource(ConnectionString);
        await using (var conn = await db.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(conn, """
                insert into organisations (code, name, full_name, inn, vat_mode, payment_method)
                values ('LIVE', 'Лайв Технологии', 'ООО «Лайв Технологии»', '7709983032', 'none', 'Безналичный платеж') on conflict do nothing;
                -- publishing needs an account the invoice form can print (issue 13)
                insert into organisation_bank_accounts (organisation_id, account, bic, bank_name, corr_account)
                select id, '40702810502080001823', '044525593', 'АО "АЛЬФА-БАНК"', '30101810200000000593' from organisations where code = 'LIVE'
                on conflict do nothing;
                insert into clients (id, first_name, last_name, email) values (990001, 'Иван', 'Петров', 'numbering@example.test') on conflict do nothing
                """);
        var book = new BackOffice.Ledger.Billing.InvoiceBook(db, TimeProvider.System);
        var draft = await book.CreateDraftAsync(new BackOffice.Ledger.Billing.DraftInvoice(990001, "Безналичный платеж", new(2026, 11, 23), new(2026, 11, 30),
            [new BackOffice.Ledger.Billing.InvoiceLine(BackOffice.Ledger.Billing.LineKind.Manual, "Услуга", 100m)]));
        await book.PublishAsync(draft.Invoice.Id);
    }

    async Task<long> ScalarAsync(string sql)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(conn, sql);
    }
}
