using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>
/// The count-only query (the header's «Просроченные счета»): the same invoices the list selects, whatever surrounds them —
/// paid, cancelled, draft, not yet due, in collections, another manager's client's.
/// </summary>
public class InvoiceCountTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Today = new(2026, 11, 23); // the test clock's day in Moscow
    // Demo clients: #7583's sales manager is staff 1 and its personal manager staff 3; #4314's sales manager is staff 2.
    const int Fabrika = 7583, Vms = 4314;

    InvoiceBook Book => new(Db, Clock);
    InvoiceList List => new(Db, new InvoiceBook(Db, Clock), Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
    }

    async Task<InvoiceView> InvoiceAsync(int client, DateOnly due, bool publish = true)
    {
        var draft = await Book.CreateDraftAsync(new DraftInvoice(client, Cloud, due.AddDays(-10), due, [Line("Услуга", 1000m)]));
        return publish ? await Book.PublishAsync(draft.Invoice.Id) : draft;
    }

    static readonly InvoiceFilter[] Filters =
    [
        new() { Overdue = true },
        new() { Overdue = true, Manager = "1" },
        new() { Overdue = true, Manager = "2" },
        new() { Overdue = true, Manager = "3" },
        new() { Overdue = true, ClientId = Vms },
        new() { Status = "unpaid" },
        new() { Status = "collections", Manager = "1" },
        new() { },
    ];

    async Task<int[]> CountsAsync() => await Task.WhenAll(Filters.Select(f => List.CountAsync(f)));

    [Fact]
    public async Task The_overdue_count_takes_unpaid_and_collections_past_due_only_and_a_manager_his_clients_only()
    {
        var before = await CountsAsync();

        await InvoiceAsync(Vms, Today.AddDays(-1));                                          // overdue: counted
        var sent = await InvoiceAsync(Fabrika, Today.AddDays(-30));
        await Book.SendToCollectionsAsync(sent.Invoice.Id);                                  // in collections, overdue: counted
        var paid = await InvoiceAsync(Fabrika, Today.AddDays(-5));
        await new PaymentBook(Db, Clock).RecordAsync(paid.Invoice.Id, new PaymentInput(Today, 1000m, "Банковский перевод"));
        await Book.CancelAsync((await InvoiceAsync(Vms, Today.AddDays(-5))).Invoice.Id);    // cancelled
        await InvoiceAsync(Vms, Today.AddDays(-5), publish: false);                          // a draft
        await InvoiceAsync(Fabrika, Today);                                                  // due today: not yet overdue
        await InvoiceAsync(Vms, Today.AddDays(3));                                           // not yet due

        var after = await CountsAsync();
        Assert.Equal([2, 1, 1, 1, 1, 3, 1, 7], after.Zip(before, (a, b) => a - b).ToArray());
    }

    [Fact]
    public async Task Each_filters_count_is_the_number_of_rows_the_list_gives_and_its_totals_count()
    {
        await InvoiceAsync(Vms, Today.AddDays(-1));
        var sent = await InvoiceAsync(Fabrika, Today.AddDays(-30));
        await Book.SendToCollectionsAsync(sent.Invoice.Id);
        await Book.CancelAsync((await InvoiceAsync(Fabrika, Today.AddDays(-5))).Invoice.Id);

        foreach (var f in Filters)
        {
            var listing = await List.ListAsync(f with { Limit = 100_000 });
            var count = await List.CountAsync(f);
            Assert.Equal((listing.Invoices.Count, listing.Totals.Count), (count, count));
        }
    }

    [Fact]
    public async Task A_bad_status_or_an_unknown_client_is_refused_as_the_list_refuses_it()
    {
        var status = await Assert.ThrowsAsync<InvalidInput>(() => List.CountAsync(new InvoiceFilter { Status = "overdue" }));
        Assert.Equal("status", status.Field);
        await Assert.ThrowsAsync<NotFound>(() => List.CountAsync(new InvoiceFilter { ClientId = 999_999 }));
    }
}
