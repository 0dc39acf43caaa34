using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

public class PaymentBookTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Paid = new(2019, 1, 28);

    PaymentBook Payments => new(Db, Clock);
    InvoiceBook Invoices => new(Db, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
    }

    /// <summary>Invoice № 72816: the renewal 71475, 48336.00.</summary>
    async Task<long> RenewalAsync()
    {
        await new RenewalInvoicer(Db, Clock).RunAsync(new DateOnly(2019, 1, 12), 20);
        return await ScalarAsync<long>(Db, $"select id from invoices where number = {First}");
    }

    static PaymentInput Pay(decimal amount) => new(Paid, amount, "Банковский перевод", "п/п 118");

    [Fact]
    public async Task The_exact_sum_pays_the_invoice_and_moves_each_service_to_its_next_period()
    {
        var id = await RenewalAsync();

        var result = await Payments.RecordAsync(id, Pay(48336.00m));

        Assert.Equal((48336.00m, 0m), (result.ToInvoice, result.ToCredit));
        var i = result.Invoice.Invoice;
        Assert.Equal(("paid", (DateOnly?)Paid, 48336.00m, 0m), (i.Status, i.PaidDate, i.AmountPaid, i.BalanceDue));
        Assert.Equal([new DateOnly(2019, 8, 1), new DateOnly(2019, 8, 1), new DateOnly(2019, 8, 1)],
            await QueryAsync<DateOnly>(Db, "select next_due_date from services where id in (20804, 20805, 20806) order by id"));
        Assert.Equal(1, await CountAsync("outbox", $"destination = 'onec' and kind = 'invoice.paid' and aggregate_id = {id} and payload->>'number' = '{First}'"));
        Assert.Equal(1, await CountAsync("payments", "reference = 'п/п 118' and amount = 48336.00"));
    }

    [Fact]
    public async Task Less_leaves_a_balance_and_more_goes_to_credit()
    {
        var id = await RenewalAsync();

        var part = await Payments.RecordAsync(id, Pay(40000m));
        Assert.Equal(("unpaid", 8336.00m), (part.Invoice.Invoice.Status, part.Invoice.Invoice.BalanceDue));
        Assert.Equal(new DateOnly(2019, 2, 1), await ScalarAsync<DateOnly>(Db, "select next_due_date from services where id = 20804"));

        var rest = await Payments.RecordAsync(id, Pay(10000m));
        Assert.Equal((8336.00m, 1664.00m, "paid"), (rest.ToInvoice, rest.ToCredit, rest.Invoice.Invoice.Status));
        Assert.Equal(1664.00m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));
        Assert.Equal(1, await CountAsync("credit_ledger", $"amount = 1664.00 and payment_id = {rest.PaymentId}"));
    }

    [Fact]
    public async Task Paying_activates_pending_services_and_applies_the_pending_upgrade_and_tells_the_ticket_module()
    {
        await ExecAsync(Db, """
            update services set status = 'pending' where id = 20805;
            insert into orders (id, order_number, client_id, kind) values (900, 1234567890, 7583, 'upgrade');
            """);
        var draft = await Invoices.CreateDraftAsync(new DraftInvoice(7583, Cloud, new(2019, 3, 4), new(2019, 3, 4),
        [
            new InvoiceLine(LineKind.Upgrade, "Смена пакета", 3776.80m) { ServiceId = 20804 },
            new InvoiceLine(LineKind.Service, "Пакет лицензий", 100m) { ServiceId = 20805 },
        ]));
        await ExecAsync(Db, $"insert into service_changes (service_id, order_id, new_options, invoice_id) values (20804, 900, '{{\"1\": 10}}', {draft.Invoice.Id})");
        await Invoices.PublishAsync(draft.Invoice.Id);

        await Payments.RecordAsync(draft.Invoice.Id, Pay(3876.80m) with { Date = new(2019, 3, 5) });

        Assert.Equal(10, await ScalarAsync<int>(Db, "select quantity from service_options where service_id = 20804 and option_id = 1"));
        Assert.Equal("applied", await ScalarAsync<string>(Db, "select status from service_changes"));
        Assert.Equal("active", await ScalarAsync<string>(Db, "select status from services where id = 20805"));
        var ticket = await QueryAsync<(long, string, string, int, int, string)>(Db, """
            select aggregate_id, payload->>'productName', payload->'options'->0->>'name', (payload->'options'->0->>'before')::int,
                   (payload->'options'->0->>'after')::int, payload->>'delta'
            from outbox where destination = 'tickets' and kind = 'service.upgrade_paid'
            """);
        Assert.Equal((20804L, "Доступ на пользователя \"Стандарт\"", "Количество пользователей", 5, 10, "Δ 5-10"), Assert.Single(ticket));
    }

    [Fact]
    public async Task A_cancelled_or_draft_invoice_cannot_be_paid_and_nothing_changes()
    {
        var id = await RenewalAsync();
        await Invoices.CancelAsync(id);
        var draft = await Invoices.CreateDraftAsync(new DraftInvoice(7583, Cloud, Paid, Paid, [Line("A", 5m)]));
        var before = await SnapshotAsync(All);

        Assert.Equal($"Invoice № {First} is cancelled; a payment cannot be recorded against it.",
            (await Assert.ThrowsAsync<Conflict>(() => Payments.RecordAsync(id, Pay(100m)))).Message);
        Assert.Equal($"Invoice черновик #{draft.Invoice.Id} is a draft; publish it before recording a payment.",
            (await Assert.ThrowsAsync<Conflict>(() => Payments.RecordAsync(draft.Invoice.Id, Pay(5m)))).Message);
        Assert.Equal("There is no invoice with id 777.", (await Assert.ThrowsAsync<NotFound>(() => Payments.RecordAsync(777, Pay(5m)))).Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Theory]
    [InlineData("0", "A payment must be more than zero, not 0.00.")]
    [InlineData("-100", "A payment must be more than zero, not -100.00.")]
    [InlineData("10.005", "A payment is in roubles and kopecks, not 10.005.")]
    public async Task A_payment_of_zero_or_less_is_refused_and_nothing_changes(string amount, string expected)
    {
        var id = await RenewalAsync();
        var before = await SnapshotAsync(All);

        var e = await Assert.ThrowsAsync<InvalidInput>(() => Payments.RecordAsync(id, Pay(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal((expected, "amount"), (e.Message, e.Field));
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task A_part_refund_returns_the_invoice_to_unpaid_with_its_balance_due_and_overdue_handling_sees_it_again()
    {
        var id = await RenewalAsync();
        var payment = await Payments.RecordAsync(id, Pay(48336.00m));

        var part = await Payments.RefundAsync(payment.PaymentId, 336.00m, new DateOnly(2019, 2, 3));
        var i = part.Invoice.Invoice;
        Assert.Equal(("unpaid", 48000.00m, 336.00m, (DateOnly?)null), (i.Status, i.AmountPaid, i.BalanceDue, i.PaidDate));
        Assert.Equal((336.00m, 0m), (part.FromInvoice, part.FromCredit));
        Assert.Equal(1, await CountAsync("outbox", $"kind = 'invoice.unpaid_again' and aggregate_id = {id} and payload->>'balanceDue' = '336.00'"));
        // The services stay where the payment moved them: paying the rest does not move them twice.
        Assert.Equal(new DateOnly(2019, 8, 1), await ScalarAsync<DateOnly>(Db, "select next_due_date from services where id = 20804"));

        var overdue = await new OverdueProcessor(Db, Clock, new BillingOptions { SuspendDays = 0 }).RunAsync(new DateOnly(2019, 2, 3));
        Assert.Equal(1, overdue.Notices);
        Assert.Equal(1, await CountAsync("outgoing_mail", $"kind = 'overdue_notice' and body_text like '%Сумма к оплате: 336.00 руб.%'"));

        var paidAgain = await Payments.RecordAsync(id, Pay(336.00m) with { Date = new(2019, 2, 5) });
        Assert.Equal("paid", paidAgain.Invoice.Invoice.Status);
        Assert.Equal(new DateOnly(2019, 8, 1), await ScalarAsync<DateOnly>(Db, "select next_due_date from services where id = 20804"));
    }

    [Fact]
    public async Task A_whole_refund_marks_the_invoice_refunded()
    {
        var id = await RenewalAsync();
        var payment = await Payments.RecordAsync(id, Pay(48336.00m));
        await Payments.RefundAsync(payment.PaymentId, 336.00m, new DateOnly(2019, 2, 3));

        var rest = await Payments.RefundAsync(payment.PaymentId, null, new DateOnly(2019, 2, 4));
        Assert.Equal((48000.00m, "refunded", 0m), (rest.FromInvoice, rest.Invoice.Invoice.Status, rest.Invoice.Invoice.AmountPaid));
        Assert.Equal(2, await CountAsync("payments", $"kind = 'refund' and refund_of = {payment.PaymentId}"));
        Assert.Equal(1, await CountAsync("outbox", "kind = 'invoice.refunded'"));
        Assert.Equal("Payment #" + payment.PaymentId + " is refunded in full already.",
            (await Assert.ThrowsAsync<Conflict>(() => Payments.RefundAsync(payment.PaymentId, null, new DateOnly(2019, 2, 4)))).Message);
    }

    [Fact]
    public async Task A_refund_of_an_overpaid_invoice_takes_the_credit_the_payment_left_first_then_the_invoice()
    {
        var id = await RenewalAsync();
        var payment = await Payments.RecordAsync(id, Pay(50000.00m)); // 48336.00 to the invoice, 1664.00 to credit

        var first = await Payments.RefundAsync(payment.PaymentId, 1000.00m, new DateOnly(2019, 2, 3));
        Assert.Equal((0m, 1000.00m, "paid"), (first.FromInvoice, first.FromCredit, first.Invoice.Invoice.Status));
        Assert.Equal(664.00m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));

        var second = await Payments.RefundAsync(payment.PaymentId, 1000.00m, new DateOnly(2019, 2, 4));
        Assert.Equal((336.00m, 664.00m), (second.FromInvoice, second.FromCredit));
        Assert.Equal(("unpaid", 336.00m), (second.Invoice.Invoice.Status, second.Invoice.Invoice.BalanceDue));
        Assert.Equal(0m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));
        Assert.Equal([-1000.00m, -664.00m], await QueryAsync<decimal>(Db,
            $"select amount from credit_ledger where payment_id in (select id from payments where refund_of = {payment.PaymentId}) order by id"));
    }

    [Fact]
    public async Task Credit_is_refunded_on_its_own_as_a_credit_move_with_who_when_and_why()
    {
        var id = await RenewalAsync();
        await Payments.RecordAsync(id, Pay(50000.00m)); // 1664.00 to credit

        var refund = await Payments.RefundCreditAsync(new CreditRefund(7583, new DateOnly(2019, 3, 1), 1000.00m, "Банковский перевод",
            "Клиент попросил вернуть аванс", "п/п 501"), "dkucherenko");

        Assert.Equal(664.00m, refund.CreditLeft);
        Assert.Equal(664.00m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));
        var move = Assert.Single(await QueryAsync<(decimal, DateOnly, string, string, long?, long?)>(Db,
            "select amount, occurred_on, reason, created_by, invoice_id, payment_id from credit_ledger where amount < 0"));
        Assert.Equal((-1000.00m, new DateOnly(2019, 3, 1), "Возврат кредита: Клиент попросил вернуть аванс", "dkucherenko", (long?)null, (long?)refund.RefundId), move);
        Assert.Equal(1, await CountAsync("payments",
            $"id = {refund.RefundId} and kind = 'refund' and invoice_id is null and amount = 1000.00 and reference = 'п/п 501' and created_by = 'dkucherenko'"));
        Assert.Equal(1, await CountAsync("outbox", $"kind = 'credit.refunded' and aggregate_id = {refund.RefundId} and payload->>'amount' = '1000.00'"));
    }

    [Fact]
    public async Task A_credit_refund_beyond_the_credit_or_without_a_reason_is_refused_and_nothing_changes()
    {
        var id = await RenewalAsync();
        await Payments.RecordAsync(id, Pay(50000.00m)); // 1664.00 to credit
        var before = await SnapshotAsync(All);
        CreditRefund Refund(decimal amount, string reason = "аванс") => new(7583, new DateOnly(2019, 3, 1), amount, "Банковский перевод", reason);

        Assert.Equal("Client #7583 has 1664.00 of credit; 1664.01 cannot be refunded out of it.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Payments.RefundCreditAsync(Refund(1664.01m), "a"))).Message);
        Assert.Equal("A refund of credit needs a reason: it is kept with the credit move.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Payments.RefundCreditAsync(Refund(10m, " "), "a"))).Message);
        Assert.Equal("A refund of credit must be more than zero, not 0.00.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Payments.RefundCreditAsync(Refund(0m), "a"))).Message);
        Assert.Equal("There is no client #424242.",
            (await Assert.ThrowsAsync<NotFound>(() => Payments.RefundCreditAsync(Refund(1m) with { ClientId = 424242 }, "a"))).Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task A_refund_on_a_draft_or_cancelled_invoice_is_refused_and_nothing_changes()
    {
        // Only history brought in from elsewhere holds such payments: this ledger refuses to record them.
        var cancelled = await RenewalAsync();
        await Invoices.CancelAsync(cancelled);
        var draft = await Invoices.CreateDraftAsync(new DraftInvoice(7583, Cloud, Paid, Paid, [Line("A", 5m)]));
        var onCancelled = await ScalarAsync<long>(Db, $"""
            insert into payments (client_id, invoice_id, kind, paid_on, amount, method, created_by) values (7583, {cancelled}, 'payment', '2019-01-20', 100, 'Банковский перевод', 'whmcs') returning id
            """);
        var onDraft = await ScalarAsync<long>(Db, $"""
            insert into payments (client_id, invoice_id, kind, paid_on, amount, method, created_by) values (7583, {draft.Invoice.Id}, 'payment', '2019-01-20', 5, 'Банковский перевод', 'whmcs') returning id
            """);
        var before = await SnapshotAsync(All);

        Assert.Equal($"Invoice № {First} is cancelled; payment #{onCancelled} on it cannot be refunded against it: refund the client's credit instead.",
            (await Assert.ThrowsAsync<Conflict>(() => Payments.RefundAsync(onCancelled, null, Paid))).Message);
        Assert.Equal($"Invoice черновик #{draft.Invoice.Id} is a draft; payment #{onDraft} on it cannot be refunded against it: refund the client's credit instead.",
            (await Assert.ThrowsAsync<Conflict>(() => Payments.RefundAsync(onDraft, 5m, Paid))).Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }

    [Fact]
    public async Task A_refund_of_an_overpayment_takes_back_the_credit_it_left()
    {
        var id = await RenewalAsync();
        var payment = await Payments.RecordAsync(id, Pay(50000.00m));

        var refund = await Payments.RefundAsync(payment.PaymentId, null, new DateOnly(2019, 2, 3));

        Assert.Equal((48336.00m, 1664.00m), (refund.FromInvoice, refund.FromCredit));
        Assert.Equal(0m, await ScalarAsync<decimal>(Db, "select credit_balance from clients where id = 7583"));
    }

    [Fact]
    public async Task A_refund_larger_than_what_was_paid_is_refused_and_nothing_changes()
    {
        var id = await RenewalAsync();
        var payment = await Payments.RecordAsync(id, Pay(1000m));
        await Payments.RefundAsync(payment.PaymentId, 300m, Paid);
        var before = await SnapshotAsync(All);

        var e = await Assert.ThrowsAsync<InvalidInput>(() => Payments.RefundAsync(payment.PaymentId, 700.01m, Paid));
        Assert.Equal($"A refund cannot be more than was paid: payment #{payment.PaymentId} was 1000.00, 300.00 of it refunded already, " +
                     "so at most 700.00 can be refunded, not 700.01.", e.Message);
        Assert.Equal("A refund must be more than zero, not -1.00.",
            (await Assert.ThrowsAsync<InvalidInput>(() => Payments.RefundAsync(payment.PaymentId, -1m, Paid))).Message);
        Assert.Equal("There is no payment #999.", (await Assert.ThrowsAsync<NotFound>(() => Payments.RefundAsync(999, 1m, Paid))).Message);
        Assert.Equal(before, await SnapshotAsync(All));
    }
}
