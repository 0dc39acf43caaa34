using BackOffice.Ledger.Billing;
using BackOffice.Reports.Engine;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Reports.Tests;

/// <summary>The other reports of the engine, each read back from its book (the workbook writer is the same for all).</summary>
public sealed class OtherReportTests(PostgresCluster cluster) : ReportTest(cluster)
{
    [Fact]
    public async Task Clients_lists_every_client_of_the_manager_with_requisites_services_MRR_credit_and_debt()
    {
        await LedgerOfDebtsAsync();
        var book = await Engine.BuildAsync("clients", new ReportRequest(AsOf, "ekamyshina"), Today);
        var sheet = Assert.Single(book.Sheets);
        Assert.Equal("Камышина Екатерина", sheet.SheetName);
        var rows = Details(book);
        Assert.Equal([12118, 12460, 7583], rows.Select(r => (int)r.Cells[1]!)); // by name: «ОТЕЛЬ…», «Сеть…», «Фабрика…» (quotes aside)
        var fabrika = rows.Single(r => (int)r.Cells[1]! == 7583);
        Assert.Equal("7708305901", fabrika.Cells[3]);
        Assert.Equal("1027700132195", fabrika.Cells[5]);
        Assert.Equal("00-007583", fabrika.Cells[6]);
        Assert.Equal(await MrrAsync(7583), fabrika.Cells[12]);
        Assert.True((decimal)fabrika.Cells[12]! > 0);
        Assert.Equal((15_500m, 12_500m, 102), ((decimal)fabrika.Cells[14]!, (decimal)fabrika.Cells[15]!, (int)fabrika.Cells[16]!));
        var apelsin = rows.Single(r => (int)r.Cells[1]! == 12118);
        Assert.Equal((200m, 0m), ((decimal)apelsin.Cells[13]!, (decimal)apelsin.Cells[14]!));

        // Before the overpayment the credit was not there yet.
        var earlier = Details(await Engine.BuildAsync("clients", new ReportRequest(new DateOnly(2026, 11, 11), "1"), Today));
        Assert.Equal(0m, earlier.Single(r => (int)r.Cells[1]! == 12118).Cells[13]);
    }

    [Fact]
    public async Task Invoices_lists_the_month_with_status_paid_date_and_balance_as_they_stood_on_the_date()
    {
        await LedgerOfDebtsAsync();
        var november = Details(await Engine.BuildAsync("invoices", new ReportRequest(AsOf, Month: new DateOnly(2026, 11, 1)), Today));
        Assert.Equal(new[] { 'B', 'C', 'E', 'J' }.Select(l => Invoices[l].Number).Order(), november.Select(r => (long)r.Cells[4]!).Order());
        var status = november.ToDictionary(r => (long)r.Cells[4]!, r => ((string)r.Cells[10]!, r.Cells[11], (decimal)r.Cells[9]!));
        Assert.Equal(("просрочен", null, 5_000m), status[Invoices['B'].Number]);
        Assert.Equal(("не оплачен", null, 3_000m), status[Invoices['C'].Number]);
        Assert.Equal(("оплачен", (object?)new DateOnly(2026, 11, 12), 0m), status[Invoices['E'].Number]);

        var october = Details(await Engine.BuildAsync("invoices", new ReportRequest(AsOf, Month: new DateOnly(2026, 10, 1)), Today));
        var d = october.Single(r => (long)r.Cells[4]! == Invoices['D'].Number);
        Assert.Equal(("просрочен", null), ((string)d.Cells[10]!, d.Cells[11]));
        var later = Details(await Engine.BuildAsync("invoices", new ReportRequest(Today, Month: new DateOnly(2026, 10, 1)), Today));
        d = later.Single(r => (long)r.Cells[4]! == Invoices['D'].Number);
        Assert.Equal(("оплачен", (object?)new DateOnly(2026, 11, 21)), ((string)d.Cells[10]!, d.Cells[11]));
    }

    [Fact]
    public async Task Renewals_lists_the_services_falling_due_in_the_window_with_the_invoice_if_issued()
    {
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                update services set next_due_date = '2027-06-01';
                update services set next_due_date = '2026-11-25' where id = 20804;
                update services set next_due_date = '2026-12-15' where id = 20805;
                """);
        var book = await Engine.BuildAsync("renewals", new ReportRequest(AsOf, Days: 10), Today);
        var row = Assert.Single(Details(book));
        Assert.Equal((20804, new DateOnly(2026, 11, 25), 5, "Полугодично"), ((int)row.Cells[4]!, (DateOnly)row.Cells[8]!, (int)row.Cells[9]!, (string)row.Cells[6]!));
        Assert.Null(row.Cells[11]);
        Assert.Equal(2, Details(await Engine.BuildAsync("renewals", new ReportRequest(AsOf, Days: 30), Today)).Count);
    }

    [Fact]
    public async Task New_clients_and_paying_clients_without_a_manager()
    {
        await LedgerOfDebtsAsync();
        var fresh = Details(await Engine.BuildAsync("new-clients", new ReportRequest(AsOf, Month: new DateOnly(2026, 11, 1)), Today));
        var nichya = Assert.Single(fresh);
        Assert.Equal((Orphan, new DateOnly(2026, 11, 3), 1_300m, 300m),
            ((int)nichya.Cells[1]!, (DateOnly)nichya.Cells[6]!, (decimal)nichya.Cells[8]!, (decimal)nichya.Cells[9]!));

        var payers = await Engine.BuildAsync("no-manager", new ReportRequest(AsOf), Today);
        Assert.Equal("Без менеджера", Assert.Single(payers.Sheets).SheetName);
        var payer = Assert.Single(Details(payers));
        Assert.Equal((Orphan, 1, 300m, new DateOnly(2026, 11, 15)), ((int)payer.Cells[1]!, (int)payer.Cells[6]!, (decimal)payer.Cells[7]!, (DateOnly)payer.Cells[8]!));
        Assert.Empty(Details(await Engine.BuildAsync("no-manager", new ReportRequest(new DateOnly(2026, 11, 14)), Today)));
    }

    [Fact]
    public async Task Treasury_lists_the_month_s_incoming_payments_under_the_client_s_manager_and_the_unmatched_apart()
    {
        await LedgerOfDebtsAsync();
        await using (var conn = await Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                insert into bank_statements (id, file_name, sha256, imported_by, imported_at) values (1, 'kl_to_1c.txt', repeat('a', 64), 'treasury', now());
                insert into bank_documents (id, statement_id, line_number, our_account, direction, execution_date, number_key, amount, counterparty_key,
                    content_sha256, kind, number, doc_date, payer_name, payer_inn, purpose, fields, status, client_id, created_at) values
                  (1, 1, 10, '40702810502080001823', 'incoming', '2026-11-05', '104', 900, '7814695160', repeat('b', 64), 'Платежное поручение', '104',
                   '2026-11-05', 'ООО "Тех.промышлен"', '7814695160', 'Оплата по счету', '{}', 'matched', 9021, now()),
                  (2, 1, 30, '40702810502080001823', 'incoming', '2026-11-06', '55', 1234.50, '7700000001', repeat('c', 64), 'Платежное поручение', '55',
                   '2026-11-06', 'ООО "Неизвестный"', '7700000001', 'За услуги', '{}', 'review', null, now()),
                  (3, 1, 50, '40702810502080001823', 'incoming', '2026-11-22', '77', 500, '7814695160', repeat('d', 64), 'Платежное поручение', '77',
                   '2026-11-22', 'ООО "Тех.промышлен"', '7814695160', 'Аванс', '{}', 'credit', 9021, now());
                insert into bank_document_payments (document_id, payment_id)
                    select 1, id from payments where invoice_id = (select id from invoices where number = @H);
                insert into bank_review_queue (document_id, reason, created_at) values (2, 'плательщик не найден', now());
                """, new { H = Invoices['H'].Number });
        var book = await Engine.BuildAsync("treasury", new ReportRequest(AsOf, Month: new DateOnly(2026, 11, 1)), Today);
        Assert.Equal(["Бестужева Юлия", "Без менеджера"], book.Sheets.Select(s => s.SheetName));
        var matched = Assert.Single(book.Sheets[0].Rows, r => r.Kind == RowKind.Detail);
        Assert.Equal((9021, 900m, "оплата счёта", Invoices['H'].Number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ((int)matched.Cells[1]!, (decimal)matched.Cells[7]!, (string)matched.Cells[8]!, (string)matched.Cells[9]!));
        var unknown = Assert.Single(book.Sheets[1].Rows, r => r.Kind == RowKind.Detail);
        Assert.Equal((null, "ООО \"Неизвестный\"", 1234.50m, "на проверке", "плательщик не найден"),
            (unknown.Cells[1], (string)unknown.Cells[2]!, (decimal)unknown.Cells[7]!, (string)unknown.Cells[8]!, (string)unknown.Cells[10]!));
        // The payment of the 22nd is after the as-of date; the summary counts clients, not unmatched payments.
        Assert.Equal((1, 2, 2134.50m), ((int)book.Summary.Rows[^1].Cells[1]!, (int)book.Summary.Rows[^1].Cells[2]!, (decimal)book.Summary.Rows[^1].Cells[3]!));
    }

    [Fact]
    public void The_catalogue_names_each_report_once()
    {
        var names = ReportCatalogue.Standard().All.Select(r => r.Name).ToList();
        Assert.Equal(["debtors", "clients", "invoices", "renewals", "new-clients", "no-manager", "treasury", "paid-no-sales", "support-month"], names);
        Assert.Equal("debtors", ReportCatalogue.Standard().Find(" Debtors ").Name);
    }

    static List<ReportRow> Details(ReportBook book) => book.Sheets.SelectMany(s => s.Rows).Where(r => r.Kind == RowKind.Detail).ToList();

    async Task<decimal> MrrAsync(int clientId)
    {
        await using var conn = await Db.OpenConnectionAsync();
        var services = await conn.QueryAsync<(decimal Amount, string Cycle)>(
            "select recurring_amount, billing_cycle from services where client_id = @clientId and status in ('active', 'suspended')", new { clientId });
        return Money.Round(services.Sum(s => BillingCycles.Parse(s.Cycle).Months() is var m and > 0 ? s.Amount / m : 0));
    }
}
