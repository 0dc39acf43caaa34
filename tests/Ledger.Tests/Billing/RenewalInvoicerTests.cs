using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

public class RenewalInvoicerTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Issued = new(2019, 1, 12), Due = new(2019, 2, 1);

    RenewalInvoicer Invoicer => new(Db, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
    }

    [Fact]
    public async Task Client_7583s_renewal_reproduces_invoice_71475_line_by_line()
    {
        var result = await Invoicer.RunAsync(Issued, daysBefore: 20);

        Assert.Equal([First], result.InvoiceNumbers);
        Assert.Equal((9, 0), (result.Lines, result.AlreadyBilled));
        Assert.Empty(result.Problems);
        var invoice = await new InvoiceBook(Db, Clock).FindByNumberAsync(First);
        (string, decimal, bool)[] expected =
        [
            ("Доступ на пользователя \"Стандарт\" (01/02/2019 - 31/07/2019)", 22800.00m, true),
            ("Количество пользователей: 5 х Пользователь", 800.00m, false),
            ("Пакет лицензий 1С в аренду (01/02/2019 - 31/07/2019)", 12825.00m, true),
            ("Лицензии в аренду: 5 х Кол-во пользователей", 450.00m, false),
            ("1С:Зарплата и Управление Персоналом ПРОФ. Редакция 3.0: опция подключена", 13380.00m, false),
            ("1С:Бухгалтерия 8 ПРОФ. Редакция 3.0: опция подключена", 13380.00m, false),
            ("БИТ:Отель 8. ПРОФ (01/02/2019 - 31/07/2019)", 13380.00m, true),
            ("Кол-во: 1 х шт.", 13380.00m, false),
            ("Промо-код: Скидка для референсных клиентов 5%", -669.00m, true),
        ];
        Assert.Equal(expected, invoice.Lines.Select(l => (l.Description, l.Amount, l.AddsToTotal)).ToArray());
        var i = invoice.Invoice;
        Assert.Equal(("renewal", "unpaid", Issued, Due, "Безналичный платеж"), (i.Kind, i.Status, i.IssueDate, i.DueDate, i.PaymentMethod));
        Assert.Equal((48336.00m, 48336.00m, 0.00m, 48336.00m), (i.Subtotal, i.Total, i.CreditApplied, i.BalanceDue));
        Assert.Equal(((decimal?)null, "Без НДС"), (i.VatRate, invoice.VatLabel));
        Assert.Equal([20804, 20805, 20806], invoice.Lines.Where(l => l.BillsPeriod).Select(l => l.ServiceId!.Value));
        Assert.All(invoice.Lines.Where(l => l.BillsPeriod), l => Assert.Equal((Due, new DateOnly(2019, 7, 31)), (l.PeriodStart!.Value, l.PeriodEnd!.Value)));
        Assert.Equal(1, await CountAsync("outbox", $"kind = 'invoice.published' and aggregate_id = {i.Id}"));
    }

    [Fact]
    public async Task Services_are_billed_only_inside_the_window_and_only_when_live_and_recurring()
    {
        Assert.Equal(0, (await Invoicer.RunAsync(Issued)).Invoices); // 12/01 + 14 days = 26/01: not yet
        await ExecAsync(Db, "update services set status = 'suspended' where id = 20805; update services set status = 'cancelled' where id = 20806");

        await Invoicer.RunAsync(new DateOnly(2019, 1, 18));

        Assert.Equal([20804, 20805], await QueryAsync<int>(Db, "select service_id from invoice_lines where bills_period order by service_id"));
    }

    [Fact]
    public async Task Running_twice_bills_nothing_new()
    {
        var first = await Invoicer.RunAsync(Issued, 20);
        var before = await SnapshotAsync(All);

        var second = await Invoicer.RunAsync(Issued, 20);

        Assert.Equal((1, 0, 0), (first.Invoices, second.Invoices, second.AlreadyBilled));
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task Two_runs_at_once_bill_each_service_period_once_and_leave_no_gap_in_the_numbers()
    {
        await ExecAsync(Db, """
            insert into clients (id, first_name, email) select g, 'Клиент ' || g, 'c' || g || '@renew.example' from generate_series(50001, 50040) g;
            insert into services (id, client_id, product_id, registration_date, billing_cycle, next_due_date, status)
                select g, g, 1, '2018-01-01', 'monthly', '2019-02-01', 'active' from generate_series(50001, 50040) g;
            insert into service_options (service_id, option_id, quantity) select g, 1, 2 from generate_series(50001, 50040) g;
            """);

        var runs = await Task.WhenAll(Task.Run(() => Invoicer.RunAsync(Issued, 20)), Task.Run(() => Invoicer.RunAsync(Issued, 20)));

        Assert.Equal(41, runs.Sum(r => r.Invoices));
        Assert.Equal(0, await CountAsync("(select service_id, period_start from invoice_lines where bills_period group by 1, 2 having count(*) > 1) d"));
        Assert.Equal(43, await CountAsync("invoice_lines", "bills_period"));
        Assert.Equal(Enumerable.Range(0, 41).Select(n => First + n), await QueryAsync<long>(Db, "select number from invoices order by number"));
        Assert.Equal(First + 40, await ScalarAsync<long>(Db, "select last_number from invoice_numbering"));
        Assert.Equal(41, await CountAsync("outbox", "kind = 'invoice.published'"));
    }

    [Fact]
    public async Task Clients_with_separate_invoices_get_one_invoice_per_service()
    {
        await ExecAsync(Db, "update clients set separate_invoices = true where id = 7583");

        var result = await Invoicer.RunAsync(Issued, 20);

        Assert.Equal(3, result.Invoices);
        Assert.Equal([22800.00m, 12825.00m, 12711.00m], await QueryAsync<decimal>(Db, "select total from invoices order by number"));
    }

    [Fact]
    public async Task The_clients_credit_is_applied_unless_switched_off()
    {
        await ExecAsync(Db, "update clients set credit_balance = 1000 where id = 7583");
        await Invoicer.RunAsync(Issued, 20);
        var invoice = (await new InvoiceBook(Db, Clock).FindByNumberAsync(First)).Invoice;
        Assert.Equal((1000m, 47336.00m), (invoice.CreditApplied, invoice.BalanceDue));
        Assert.Equal(0m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));
        Assert.Equal(1, await CountAsync("credit_ledger", $"client_id = 7583 and amount = -1000 and invoice_id = {invoice.Id}"));

        await ExecAsync(Db, """
            update clients set credit_balance = 500, apply_credit = false where id = 4314;
            update services set next_due_date = '2019-02-01' where client_id = 4314;
            """);
        await Invoicer.RunAsync(Issued, 20);
        Assert.Equal(0m, await ScalarAsync<decimal>(Db, "select credit_applied from invoices where client_id = 4314"));
        Assert.Equal(500m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 4314"));
    }

    [Fact]
    public async Task A_cancelled_renewal_frees_the_period_to_be_billed_again()
    {
        await Invoicer.RunAsync(Issued, 20);
        await new InvoiceBook(Db, Clock).CancelAsync(await ScalarAsync<long>(Db, $"select id from invoices where number = {First}"));

        var again = await Invoicer.RunAsync(Issued, 20);

        Assert.Equal([First + 1], again.InvoiceNumbers);
    }

    [Fact]
    public async Task A_service_whose_catalogue_price_is_missing_is_reported_and_the_others_are_billed()
    {
        await ExecAsync(Db, """
            update services set next_due_date = '2019-02-01' where client_id = 4314;
            update services set billing_cycle = 'biennial' where id = 25355;
            """);

        var result = await Invoicer.RunAsync(Issued, 20);

        Assert.Equal(1, result.Invoices);
        var problem = Assert.Single(result.Problems);
        Assert.Contains("Client #4314", problem);
        Assert.Contains("no price for the cycle «Раз в два года»", problem);
    }

    [Fact]
    public async Task A_negative_window_is_refused()
    {
        var e = await Assert.ThrowsAsync<InvalidInput>(() => Invoicer.RunAsync(Issued, -1));
        Assert.Equal("Renewal invoices are issued 0 or more days before the due date, not -1.", e.Message);
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_bill_for_a_service_period()
    {
        await Invoicer.RunAsync(Issued, 20);
        var invoiceId = await ScalarAsync<long>(Db, $"select id from invoices where number = {First}");

        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecAsync(Db, $"""
            insert into invoice_lines (invoice_id, line_no, kind, description, amount, service_id, period_start, period_end, bills_period)
            values ({invoiceId}, 99, 'service', 'again', 1, 20804, '2019-02-01', '2019-07-31', true)
            """));
        Assert.Equal("invoice_lines_one_bill_per_period", e.ConstraintName);

        var before = await SnapshotAsync(All);
        var draft = new DraftInvoice(7583, Cloud, Issued, Due,
            [new InvoiceLine(LineKind.Service, "again", 1m) { ServiceId = 20804, PeriodStart = Due, PeriodEnd = new(2019, 7, 31), BillsPeriod = true }]);
        var conflict = await Assert.ThrowsAsync<Conflict>(() => new InvoiceBook(Db, Clock).CreateDraftAsync(draft));
        Assert.StartsWith("A service period on this invoice is already billed by another invoice", conflict.Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }
}
