using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

public class OverdueProcessorTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly BillingOptions Steps = new()
    {
        ReminderDaysBefore = 3, FirstNoticeDays = 1, SecondNoticeDays = 7, ThirdNoticeDays = 14,
        LateFeeKind = "percent", LateFeeValue = 1m, LateFeeMinimum = 500m, LateFeeDays = 10, SuspendDays = 20, TerminateDays = 30,
    };

    static readonly BillingOptions Off = new()
    {
        ReminderDaysBefore = 0, FirstNoticeDays = 0, SecondNoticeDays = 0, ThirdNoticeDays = 0, LateFeeValue = 0, SuspendDays = 0, TerminateDays = 0,
    };

    static DateOnly Feb(int day) => new(2019, 2, day);

    OverdueProcessor Overdue(BillingOptions? options = null) => new(Db, Clock, options ?? Steps);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
        await new RenewalInvoicer(Db, Clock).RunAsync(new DateOnly(2019, 1, 12), 20); // № 72816, 48336.00, due 01/02/2019
    }

    Task<IReadOnlyList<string>> MailAsync() => QueryAsync<string>(Db, "select dedupe_key || ' ' || to_address || ' ' || coalesce(cc, '-') from outgoing_mail order by id");

    [Fact]
    public async Task A_reminder_goes_out_before_the_due_date_once()
    {
        var first = await Overdue().RunAsync(new DateOnly(2019, 1, 30));
        var again = await Overdue().RunAsync(new DateOnly(2019, 1, 31));

        Assert.Equal((1, 0), (first.Reminders, again.Reminders));
        var id = await ScalarAsync<long>(Db, $"select id from invoices where number = {First}");
        Assert.Equal([$"invoice:{id}:reminder s.sarkisov@oteli-apelsin.ru buh@fabrika-biz.ru"], await MailAsync());
        Assert.Contains("48336.00", await ScalarAsync<string>(Db, "select body_text from outgoing_mail"));
        Assert.Equal($"Напоминание: счёт № {First} нужно оплатить до 01/02/2019", await ScalarAsync<string>(Db, "select subject from outgoing_mail"));
    }

    [Fact]
    public async Task Notices_follow_the_days_overdue_and_after_a_pause_only_the_latest_is_sent()
    {
        await Overdue().RunAsync(Feb(2));
        await Overdue().RunAsync(Feb(3));
        await Overdue().RunAsync(Feb(8));
        Assert.Equal(["overdue-1", "overdue-2"], (await MailAsync()).Select(m => m.Split(' ')[0].Split(':')[2]));

        await ExecAsync(Db, "delete from outgoing_mail");
        var late = await Overdue(Off with { FirstNoticeDays = 1, SecondNoticeDays = 7, ThirdNoticeDays = 14 }).RunAsync(Feb(20));
        Assert.Equal(1, late.Notices);
        Assert.Equal(["overdue-3"], (await MailAsync()).Select(m => m.Split(' ')[0].Split(':')[2]));
    }

    [Fact]
    public async Task A_late_fee_is_an_invoice_of_its_own_with_a_minimum_and_is_charged_once()
    {
        var result = await Overdue().RunAsync(Feb(11));
        await Overdue().RunAsync(Feb(12));

        Assert.Equal(1, result.LateFees);
        var fee = await new InvoiceBook(Db, Clock).FindByNumberAsync(First + 1);
        Assert.Equal(("late_fee", 500.00m, "unpaid"), (fee.Invoice.Kind, fee.Invoice.Total, fee.Invoice.Status));
        Assert.Equal($"Пени за просрочку оплаты счёта № {First}", Assert.Single(fee.Lines).Description);
        Assert.Equal(1, await CountAsync("invoices", "kind = 'late_fee'"));

        await Overdue(Steps with { LateFeeKind = "fixed", LateFeeValue = 300m, LateFeeMinimum = 0 }).RunAsync(Feb(28));
        Assert.Equal(1, await CountAsync("invoices", "kind = 'late_fee'")); // the late fee invoice itself is not fined
    }

    [Fact]
    public async Task Services_are_suspended_then_terminated_unless_overridden()
    {
        await ExecAsync(Db, "update services set suspend_override_until = '2019-12-31' where id = 20806");

        var suspended = await Overdue().RunAsync(Feb(21));
        Assert.Equal(2, suspended.Suspended);
        Assert.Equal(["suspended", "suspended", "active"], await QueryAsync<string>(Db, "select status from services where id in (20804, 20805, 20806) order by id"));

        var terminated = await Overdue().RunAsync(new DateOnly(2019, 3, 3));
        Assert.Equal(2, terminated.Terminated);
        Assert.Equal(["terminated", "terminated", "active"], await QueryAsync<string>(Db, "select status from services where id in (20804, 20805, 20806) order by id"));
    }

    [Fact]
    public async Task Client_flags_switch_their_steps_off()
    {
        await ExecAsync(Db, "update clients set no_overdue_notices = true, no_late_fee = true, no_auto_suspend = true where id = 7583");

        var result = await Overdue().RunAsync(new DateOnly(2019, 3, 3));

        Assert.Equal(new OverdueResult(0, 0, 0, 0, 0), result);
        Assert.Equal(0, await CountAsync("outgoing_mail"));
    }

    [Fact]
    public async Task With_every_step_at_zero_or_the_invoice_paid_nothing_happens()
    {
        var before = await SnapshotAsync(All);
        Assert.Equal(new OverdueResult(0, 0, 0, 0, 0), await Overdue(Off).RunAsync(new DateOnly(2019, 3, 3)));
        Assert.Equal(before, await SnapshotAsync(All));

        await new PaymentBook(Db, Clock).RecordAsync(await ScalarAsync<long>(Db, $"select id from invoices where number = {First}"),
            new PaymentInput(Feb(1), 48336.00m, "Банковский перевод"));
        Assert.Equal(new OverdueResult(0, 0, 0, 0, 0), await Overdue().RunAsync(new DateOnly(2019, 3, 3)));
    }

    [Fact]
    public async Task Two_runs_at_once_queue_one_notice_and_charge_one_late_fee()
    {
        var runs = await Task.WhenAll(Task.Run(() => Overdue().RunAsync(Feb(15))), Task.Run(() => Overdue().RunAsync(Feb(15))));

        Assert.Equal(1, runs.Sum(r => r.Notices));
        Assert.Equal(1, runs.Sum(r => r.LateFees));
        Assert.Equal(1, await CountAsync("outgoing_mail"));
        Assert.Equal(First + 1, await ScalarAsync<long>(Db, "select last_number from invoice_numbering"));
    }

    [Fact]
    public async Task A_bad_setting_is_refused_naming_its_key()
    {
        var before = await SnapshotAsync(All);
        var e = await Assert.ThrowsAsync<InvalidInput>(() => Overdue(Steps with { LateFeeKind = "percentage" }).RunAsync(Feb(15)));
        Assert.StartsWith("BackOffice:Billing:LateFeeKind:", e.Message);
        var e2 = await Assert.ThrowsAsync<InvalidInput>(() => Overdue(Steps with { SuspendDays = -1 }).RunAsync(Feb(15)));
        Assert.StartsWith("BackOffice:Billing:SuspendDays:", e2.Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task One_invoice_that_fails_loses_only_its_own_steps_and_is_reported_the_rest_of_the_day_goes_out()
    {
        var book = new InvoiceBook(Db, Clock);
        var other = await book.CreateDraftAsync(new DraftInvoice(4314, Cloud, Feb(1), Feb(5), [Line("Услуги", 1000m)]));
        await book.PublishAsync(other.Invoice.Id);
        // The first invoice of the run (due 01/02) cannot be fined: its payment method names no organisation any more.
        await ExecAsync(Db, $"update invoices set payment_method = 'Бартер' where number = {First}");

        var result = await Overdue().RunAsync(Feb(15));

        Assert.Equal((1, 1), (result.Notices, result.LateFees));
        Assert.Equal($"Invoice № {First} (client #7583): 'Бартер' is not the payment method of any organisation; use one of: «Безналичный платеж», «Безналичный платеж (Формула ИТ)».",
            Assert.Single(result.Problems));
        Assert.Equal([4314], await QueryAsync<int>(Db, "select client_id from outgoing_mail"));
        Assert.Equal([4314], await QueryAsync<int>(Db, "select client_id from invoices where kind = 'late_fee'"));
    }

    /// <summary>
    /// Issue 8: a deadlock victim never takes the day's notices with it. Another writer takes the run's first invoice, waits
    /// until the run holds that invoice's client and waits for the invoice, then asks for the client: the opposite order
    /// closes a cycle. The run's wait began first and this writer's deadlock_timeout is long, so PostgreSQL aborts the run's
    /// transaction; the run tries that invoice again once the writer commits, and the next invoice goes out as well.
    /// </summary>
    [Fact]
    public async Task An_invoice_whose_transaction_loses_a_deadlock_is_tried_again_and_the_rest_of_the_day_goes_out()
    {
        var book = new InvoiceBook(Db, Clock);
        var other = await book.CreateDraftAsync(new DraftInvoice(4314, Cloud, Feb(1), Feb(5), [Line("Услуги", 1000m)]));
        await book.PublishAsync(other.Invoice.Id);
        var first = await ScalarAsync<long>(Db, $"select id from invoices where number = {First}");

        await using var writer = await Db.OpenConnectionAsync();
        await using var tx = await writer.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(writer, "set local deadlock_timeout = '60s'", transaction: tx);
        await Dapper.SqlMapper.ExecuteAsync(writer, "select 1 from invoices where id = @first for update", new { first }, tx);
        var run = Task.Run(() => Overdue().RunAsync(Feb(15)));
        await WaitingForLocksAsync(1);

        await Dapper.SqlMapper.ExecuteAsync(writer, "select 1 from clients where id = 7583 for update", transaction: tx);
        await tx.CommitAsync();
        var result = await run;

        Assert.Equal((1, 2, 2), (result.Retried, result.Notices, result.LateFees));
        Assert.Empty(result.Problems);
        Assert.Equal([4314, 7583], await QueryAsync<int>(Db, "select client_id from outgoing_mail order by client_id"));
        Assert.Equal([4314, 7583], await QueryAsync<int>(Db, "select client_id from invoices where kind = 'late_fee' order by client_id"));
    }
}
