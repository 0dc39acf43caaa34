using BackOffice.Ledger.Billing;
using static BackOffice.Ledger.Tests.Billing.SeedCatalogue;

namespace BackOffice.Ledger.Tests.Billing;

public class AccountingRowsTests
{
    [Fact]
    public void Invoice_71475_makes_three_1c_rows_whose_sums_and_vat_add_up_to_the_invoice()
    {
        var invoice = InvoiceComposer.Compose(Invoice71475());

        var rows = AccountingRows.Of(invoice.Lines, invoice.Vat.Rate);

        Assert.Equal(
            [(1, 1m, 22800.00m, 0m, 22800.00m, 3800.00m), (2, 1m, 12825.00m, 0m, 12825.00m, 2137.50m), (3, 1m, 13380.00m, 669.00m, 12711.00m, 2118.50m)],
            rows.Select(r => (r.LineNumber, r.Quantity, r.Price, r.Discount, r.Amount, r.VatAmount)).ToArray());
        Assert.Equal((48336.00m, 8056.00m), (rows.Sum(r => r.Amount), rows.Sum(r => r.VatAmount)));
        Assert.Equal((invoice.Total, invoice.Vat.Amount), (rows.Sum(r => r.Amount), rows.Sum(r => r.VatAmount)));
    }

    [Fact]
    public void The_invoice_vat_is_the_sum_of_row_vat_rounded_per_row_not_the_vat_of_the_total()
    {
        // 30.09 × 20/120 = 5.015 → 5.02 on the total, but each row's 10.03 × 20/120 = 1.6716… → 1.67, three times 5.01.
        InvoiceLine Manual(string text) => new(LineKind.Manual, text, 10.03m) { UnitPrice = 10.03m };
        var invoice = InvoiceComposer.Compose(new InvoiceRequest(new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 10), [], VatRates)
        {
            OtherLines = [Manual("Настройка"), Manual("Выезд"), Manual("Консультация")],
        });

        Assert.Equal((30.09m, new VatCharge(20m, 5.01m)), (invoice.Total, invoice.Vat));
        Assert.Equal(5.01m, AccountingRows.Of(invoice.Lines, 20m).Sum(r => r.VatAmount));
    }

    [Fact]
    public void Quantities_keep_their_price_and_display_lines_make_no_row()
    {
        InvoiceLine[] lines =
        [
            new(LineKind.Manual, "Лицензия", 3000.00m) { Quantity = 3, UnitPrice = 1000.00m },
            new(LineKind.Option, "Количество пользователей: 3 х Пользователь", 900.00m) { Quantity = 3, UnitPrice = 300m, AddsToTotal = false },
            new(LineKind.Prorata, "Доступ (08/02/2019 - 31/07/2019)", 346.08m) { UnitPrice = 360m },
        ];

        var rows = AccountingRows.Of(lines, null);

        Assert.Equal([(3m, 1000.00m, 3000.00m, 0m), (1m, 346.08m, 346.08m, 0m)], rows.Select(r => (r.Quantity, r.Price, r.Amount, r.VatAmount)).ToArray());
    }
}
