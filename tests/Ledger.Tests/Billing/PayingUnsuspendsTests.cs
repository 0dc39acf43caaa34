using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>Issue 8, point 5: paying the invoice whose non-payment suspended a service brings the service back.</summary>
public class PayingUnsuspendsTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly BillingOptions SuspendOnly = new()
    {
        ReminderDaysBefore = 0, FirstNoticeDays = 0, SecondNoticeDays = 0, ThirdNoticeDays = 0, LateFeeValue = 0, SuspendDays = 20, TerminateDays = 0,
    };

    long invoice;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
        await new RenewalInvoicer(Db, Clock).RunAsync(new DateOnly(2019, 1, 12), 20); // № 72816, 48336.00, due 01/02/2019
        invoice = await ScalarAsync<long>(Db, $"select id from invoices where number = {First}");
    }

    [Fact]
    public async Task Paying_in_full_unsuspends_what_the_invoice_suspended_but_not_what_staff_suspended_or_keep_suspended()
    {
        await ExecAsync(Db, "update services set status = 'suspended' where id = 20806"); // by hand, before the overdue run
        await ExecAsync(Db, "update services set keep_suspended = true where id = 20805");
        var suspended = await new OverdueProcessor(Db, Clock, SuspendOnly).RunAsync(new DateOnly(2019, 2, 21));
        Assert.Equal(2, suspended.Suspended);
        Assert.Equal([(20804, (long?)invoice), (20805, invoice), (20806, null)],
            await QueryAsync<(int, long?)>(Db, "select id, suspended_for_invoice from services where id in (20804, 20805, 20806) order by id"));

        var payments = new PaymentBook(Db, Clock);
        await payments.RecordAsync(invoice, new PaymentInput(new DateOnly(2019, 2, 22), 40000m, "Банковский перевод"));
        Assert.Equal("suspended", await ScalarAsync<string>(Db, "select status from services where id = 20804")); // not paid in full yet

        await payments.RecordAsync(invoice, new PaymentInput(new DateOnly(2019, 2, 23), 8336m, "Банковский перевод"));

        Assert.Equal(["active", "suspended", "suspended"], await QueryAsync<string>(Db, "select status from services where id in (20804, 20805, 20806) order by id"));
        Assert.Equal(
        [
            (20804, "active", "suspended", "overdue", $"Счёт № {First} не оплачен: просрочка 20 дн."),
            (20804, "suspended", "active", "billing", $"Счёт № {First} оплачен"),
            (20805, "active", "suspended", "overdue", $"Счёт № {First} не оплачен: просрочка 20 дн."),
        ], await QueryAsync<(int, string, string, string, string)>(Db,
            "select service_id, status_from, status_to, changed_by, reason from service_history order by service_id, id"));
        var events = await QueryAsync<(long, string)>(Db,
            "select aggregate_id, payload->>'number' from outbox where destination = 'tickets' and kind = 'service.unsuspended'");
        Assert.Equal([(20804L, First.ToString(System.Globalization.CultureInfo.InvariantCulture))], events);
        Assert.Null(await ScalarAsync<long?>(Db, "select suspended_for_invoice from services where id = 20804"));
    }

    [Fact]
    public async Task A_terminated_service_is_not_brought_back_by_a_late_payment()
    {
        var options = SuspendOnly with { TerminateDays = 30 };
        await new OverdueProcessor(Db, Clock, options).RunAsync(new DateOnly(2019, 2, 21));
        await new OverdueProcessor(Db, Clock, options).RunAsync(new DateOnly(2019, 3, 3));

        await new PaymentBook(Db, Clock).RecordAsync(invoice, new PaymentInput(new DateOnly(2019, 3, 4), 48336m, "Банковский перевод"));

        Assert.Equal(["terminated", "terminated", "terminated"], await QueryAsync<string>(Db, "select status from services where id in (20804, 20805, 20806) order by id"));
        Assert.Equal(0, await CountAsync("outbox", "kind = 'service.unsuspended'"));
    }
}
