using BackOffice.Ledger.Billing;

namespace BackOffice.Ledger.Tests.Billing;

public class InvoiceGroupingTests
{
    sealed record Due(int Client, DateOnly Date, bool Separate, string Service);

    [Fact]
    public void One_invoice_per_client_and_due_date_unless_the_client_wants_separate_invoices()
    {
        var feb = new DateOnly(2019, 2, 1);
        var mar = new DateOnly(2019, 3, 1);
        Due[] due =
        [
            new(7583, feb, false, "Доступ"),
            new(4314, feb, true, "Доступ"),
            new(7583, mar, false, "Диск"),
            new(7583, feb, false, "Лицензии"),
            new(4314, feb, true, "Диск"),
            new(7583, feb, false, "Отель"),
        ];

        var batches = InvoiceGrouping.Group(due, d => d.Client, d => d.Date, d => d.Separate);

        Assert.Equal(
        [
            (4314, feb, "Доступ"),
            (4314, feb, "Диск"),
            (7583, feb, "Доступ,Лицензии,Отель"),
            (7583, mar, "Диск"),
        ], batches.Select(b => (b.ClientId, b.DueDate, string.Join(",", b.Items.Select(i => i.Service)))));
    }
}
