using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>The invoice list in pages (the web's /Invoices): rows skip by the offset, the totals stay those of every row selected.</summary>
public class InvoiceListPagingTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly DateOnly Issued = new(2026, 11, 2);

    InvoiceList List => new(Db, new InvoiceBook(Db, Clock), Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        var book = new InvoiceBook(Db, Clock);
        for (var i = 1; i <= 5; i++)
        {
            var draft = await book.CreateDraftAsync(new DraftInvoice(i <= 3 ? 7583 : 4314, Cloud, Issued.AddDays(i), Issued.AddDays(i + 5),
                [Line("Услуга " + i, 100m * i)]));
            await book.PublishAsync(draft.Invoice.Id);
        }
    }

    [Fact]
    public async Task A_page_further_on_skips_the_rows_before_it_and_the_totals_stay_over_all()
    {
        var all = await List.ListAsync(new InvoiceFilter());
        var first = await List.ListAsync(new InvoiceFilter { Limit = 2 });
        var second = await List.ListAsync(new InvoiceFilter { Limit = 2, Offset = 2 });
        var last = await List.ListAsync(new InvoiceFilter { Limit = 2, Offset = 4 });

        Assert.Equal(5, all.Totals.Count);
        Assert.Equal(all.Invoices.Select(i => i.Number), first.Invoices.Concat(second.Invoices).Concat(last.Invoices).Select(i => i.Number));
        Assert.Single(last.Invoices);
        Assert.All([first, second, last], page => Assert.Equal(all.Totals, page.Totals));
        Assert.Equal(new InvoiceTotals(5, 1500m, 0m, 1500m), all.Totals);
    }

    [Fact]
    public async Task The_offset_pages_within_the_filter()
    {
        var page = await List.ListAsync(new InvoiceFilter { Manager = "ubestuzheva", Limit = 1, Offset = 1 });
        Assert.Equal(new InvoiceTotals(2, 900m, 0m, 900m), page.Totals);
        Assert.Equal(4314, Assert.Single(page.Invoices).ClientId);
        Assert.Equal(400m, page.Invoices[0].Total);
    }

    [Fact]
    public async Task A_negative_offset_is_refused()
    {
        var e = await Assert.ThrowsAsync<InvalidInput>(() => List.ListAsync(new InvoiceFilter { Offset = -1 }));
        Assert.Equal("offset", e.Field);
    }
}
