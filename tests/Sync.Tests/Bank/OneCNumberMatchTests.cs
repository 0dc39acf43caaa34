using BackOffice.Sync.Accounting;
using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;

namespace BackOffice.Sync.Tests.Bank;

public class OneCNumberMatchTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    [Fact]
    public async Task A_payment_quoting_the_1c_form_of_the_number_pays_the_invoice()
    {
        await ExecNumberingAsync();
        var number = await InvoiceAsync(7583, 1000m, new DateOnly(2026, 11, 23));
        Assert.Equal(72815, number);
        var import = new BankImport(Db, Clock, null, DocumentNumberFormat.Parse("ЛТ00-######"));

        var summary = await import.ImportFileAsync(Statement("a.txt", new Order("11", 1000m, "Оплата по счету ЛТ00-072815 от 23.11.2026. Без НДС")), "test");

        Assert.Equal(1, summary.Matched);
        Assert.Equal("paid", await ScalarAsync<string>("select status from invoices where number = 72815"));
    }

    async Task ExecNumberingAsync()
    {
        await using var conn = await Db.OpenConnectionAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("update invoice_numbering set last_number = 72814", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
