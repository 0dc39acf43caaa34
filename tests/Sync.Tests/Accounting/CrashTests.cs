using Dapper;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;

namespace BackOffice.Sync.Tests.Accounting;

/// <summary>Crash at any point, lose any answer, run two relays at once: exactly one 1C document per invoice.</summary>
public class CrashTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    [Fact]
    public async Task A_create_whose_answer_is_lost_is_adopted_on_the_next_run_not_created_twice()
    {
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        OneC.FailNext(FakeFailure.LoseAnswer, method: "POST", entity: Invoices1C);

        var first = await RunAsync();

        Assert.Equal(1, first.Failed);
        var saved = Assert.Single(Documents1C()); // 1C saved it; we never heard
        Assert.Equal(0, await CountAsync("onec_invoices"));
        Assert.StartsWith("1C did not answer", await ScalarAsync<string>("select last_error from outbox where aggregate_id = @id", new { id }));

        Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await RunAsync();

        Assert.Equal(1, second.Adopted);
        Assert.Equal(1, Posts());
        Assert.Equal(OData.Key(saved, "Ref_Key"), await ScalarAsync<Guid>("select onec_key from invoices where id = @id", new { id }));
        Assert.Single(Documents1C());
    }

    [Fact]
    public async Task A_crash_after_1c_saved_the_document_but_before_our_commit_ends_with_one_document()
    {
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        await RunAsync();
        // What the database holds when the relay dies between 1C's answer and its own commit: the item still leased and open.
        await ExecAsync("""
            delete from onec_invoices; update invoices set onec_key = null;
            update outbox set processed_at = null, locked_until = @until where aggregate_id = @id
            """, new { id, until = Clock.GetUtcNow().UtcDateTime + RelayQueue.DefaultLease });

        Assert.Equal(0, (await RunAsync()).Claimed); // the dead relay's lease still holds
        Clock.Advance(RelayQueue.DefaultLease + TimeSpan.FromSeconds(1));
        var report = await RunAsync();

        Assert.Equal(1, report.Adopted);
        Assert.Single(Documents1C());
        Assert.Equal(OData.Key(Document1C("ЛТ00-072815"), "Ref_Key"), await ScalarAsync<Guid>("select onec_key from invoices where id = @id", new { id }));
    }

    [Fact]
    public async Task A_relay_that_dies_after_claiming_leaves_its_items_to_the_next_when_the_lease_ends()
    {
        await PublishAsync(Fabrika, 1200m);
        var claimed = await new RelayQueue(Database).ClaimAsync(Clock.GetUtcNow().UtcDateTime, 10, default);
        Assert.Single(claimed);

        Assert.Equal(0, (await RunAsync()).Claimed);
        Clock.Advance(RelayQueue.DefaultLease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await RunAsync()).Created);
        Assert.Single(Documents1C());
    }

    [Fact]
    public async Task A_stalled_create_is_retried_and_a_lost_cancel_is_sent_again()
    {
        using var services = Build(("TimeoutSeconds", "1"));
        var (id, _) = await PublishAsync(Fabrika, 1200m);
        OneC.FailNext(FakeFailure.Stall, method: "POST", entity: Invoices1C);
        Assert.Equal(1, (await RunAsync(services)).Failed);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await RunAsync(services)).Created);

        await new BackOffice.Ledger.Billing.InvoiceBook(Database, Clock).CancelAsync(id);
        OneC.FailNext(FakeFailure.Drop, method: "PATCH");
        Assert.Equal(1, (await RunAsync(services)).Failed);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await RunAsync(services)).Updated);
        Assert.True(OData.Bool(Document1C("ЛТ00-072815"), "DeletionMark"));
        Assert.Single(Documents1C());
    }

    [Fact]
    public async Task Two_relays_at_once_through_errors_and_lost_answers_leave_exactly_one_document_per_invoice()
    {
        for (var i = 0; i < 12; i++) await PublishAsync(i % 2 == 0 ? Fabrika : SetOteley, 100m + i);
        OneC.FailEveryNth = 5;
        OneC.FailNext(FakeFailure.LoseAnswer, times: 3, method: "POST", entity: Invoices1C);
        OneC.Latency = TimeSpan.FromMilliseconds(5);
        using var other = Build();

        for (var run = 0; run < 30 && await CountAsync("outbox", "destination = 'onec' and processed_at is null") > 0; run++)
        {
            // Failing every 5th call forever livelocks the last item left: any 5 calls in a row hold one failure, so an
            // item whose attempt makes 5 calls fails every round and is given up after MaxAttempts (10), as it should.
            // A relay makes at most one attempt per item per round (the backoff is on the business clock), so 1C
            // erring for the first 6 rounds keeps every item under MaxAttempts and the test is about concurrency, not luck.
            if (run == 6) OneC.FailEveryNth = 0;
            await Task.WhenAll(RunAsync(), RunAsync(other));
            Clock.Advance(TimeSpan.FromHours(1));
        }

        // Should an item stay open, say which and why.
        await using (var conn = await Database.OpenConnectionAsync())
        {
            var open = (await conn.QueryAsync<string>("""
                select format('outbox #%s invoice %s: attempts %s, gave up %s, next %s, lease %s, error %s', id, aggregate_id, attempts,
                              gave_up_at, next_attempt_at, locked_until, last_error)
                from outbox where destination = 'onec' and processed_at is null
                """)).ToList();
            Assert.True(open.Count == 0, $"now {Clock.GetUtcNow():u}; open: {string.Join("; ", open)}");
        }
        var numbers = Documents1C().Select(d => d["Number"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(Enumerable.Range(72815, 12).Select(n => $"ЛТ00-0{n}").ToList(), numbers);
        Assert.True(await CountAsync("outbox", "destination = 'onec' and attempts > 0") > 0, "1C never failed: the test proved nothing");
        Assert.Equal(12, await CountAsync("onec_invoices"));
        Assert.Equal(12, await CountAsync("invoices", "onec_key is not null"));
    }
}
