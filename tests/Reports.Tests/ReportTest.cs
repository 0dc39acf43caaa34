using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Demo;
using BackOffice.Reports.Engine;
using BackOffice.Tests.Support;
using ClosedXML.Excel;
using Dapper;

namespace BackOffice.Reports.Tests;

/// <summary>
/// The demo ledger with invoice numbers in the 72 000s, and a ledger of debts for two managers and a client without one,
/// made through the billing engine (invoices published, payments and a refund recorded) as of <see cref="AsOf"/>.
/// </summary>
public abstract class ReportTest(PostgresCluster cluster) : DatabaseTest(cluster)
{
    public static readonly DateOnly AsOf = new(2026, 11, 20);
    public const int Kamyshina = 1, Bestuzheva = 2, Orphan = 9999;
    public static readonly string[] Ledger = ["clients", "invoices", "payments", "credit_ledger", "outgoing_mail", "services", "staff"];

    protected string Folder { get; } = Directory.CreateTempSubdirectory("reports-").FullName;
    protected ReportEngine Engine => new(Db, ReportCatalogue.Standard());

    /// <summary>The engine writing every workbook with ClosedXML, or (streamed) every one with the streaming writer.</summary>
    protected ReportEngine Writing(bool streamed) => new(Db, ReportCatalogue.Standard()) { StreamFromRows = streamed ? 0 : int.MaxValue };
    protected DateOnly Today => new(2026, 11, 23);

    /// <summary>Invoices by letter: A…I.</summary>
    protected Dictionary<char, (long Id, long Number)> Invoices { get; } = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await new DemoData(Db).LoadAsync();
        await using var conn = await Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            update invoice_numbering set last_number = 72000;
            insert into clients (id, first_name, last_name, company_name, email, inn, kpp, sales_manager_id, created_at)
            values (9999, 'Павел', 'Ничейный', 'ООО "Ничья"', 'nobody@nichya.example', '7701000017', '770101001', null, '2026-11-03 12:00+03');
            """);
    }

    /// <summary>The debts of the report tests (SPEC §5): amounts, ages and payments before and after <see cref="AsOf"/>.</summary>
    protected async Task LedgerOfDebtsAsync()
    {
        var payments = new PaymentBook(Db, Clock);
        // Камышина: Фабрика Бизнеса owes A (90+, paid 3000, 500 refunded, 1000 more after the as-of date), B (1–30), C (not yet due).
        await InvoiceAsync('A', 7583, 10_000m, new(2026, 8, 1), new(2026, 8, 10));
        var paid = await payments.RecordAsync(Invoices['A'].Id, new PaymentInput(new(2026, 9, 1), 3000m, "Безналичный платеж", "101"));
        await payments.RefundAsync(paid.PaymentId, 500m, new(2026, 9, 15));
        await payments.RecordAsync(Invoices['A'].Id, new PaymentInput(new(2026, 11, 22), 1000m, "Безналичный платеж", "102"));
        await InvoiceAsync('B', 7583, 5_000m, new(2026, 11, 1), new(2026, 11, 15));
        await InvoiceAsync('C', 7583, 3_000m, new(2026, 11, 18), new(2026, 11, 28));
        // Сеть Отелей: D is 41 days overdue on the as-of date and paid in full the day after it.
        await InvoiceAsync('D', 12460, 1_200m, new(2026, 10, 1), new(2026, 10, 10));
        await payments.RecordAsync(Invoices['D'].Id, new PaymentInput(new(2026, 11, 21), 1200m, "Безналичный платеж", "103"));
        // ОТЕЛЬ АПЕЛЬСИН overpaid E before it was due: paid, 200 to credit, not a debtor.
        await InvoiceAsync('E', 12118, 800m, new(2026, 11, 10), new(2026, 11, 25));
        await payments.RecordAsync(Invoices['E'].Id, new PaymentInput(new(2026, 11, 12), 1000m, "Безналичный платеж", "106"));
        // Бестужева: ВМС-ГРУПП owes F (91 days: 90+) and G (62 days: 61–90); Тех.промышлен paid H before the date.
        await InvoiceAsync('F', 4314, 2_000m, new(2026, 8, 15), new(2026, 8, 21));
        await InvoiceAsync('G', 4314, 700m, new(2026, 9, 10), new(2026, 9, 19));
        await InvoiceAsync('H', 9021, 900m, new(2026, 10, 20), new(2026, 11, 1));
        await payments.RecordAsync(Invoices['H'].Id, new PaymentInput(new(2026, 11, 5), 900m, "Безналичный платеж", "104"));
        // No manager: I is 21 days overdue, J was paid.
        await InvoiceAsync('I', Orphan, 1_000m, new(2026, 10, 20), new(2026, 10, 30));
        await InvoiceAsync('J', Orphan, 300m, new(2026, 11, 10), new(2026, 11, 20));
        await payments.RecordAsync(Invoices['J'].Id, new PaymentInput(new(2026, 11, 15), 300m, "Безналичный платеж", "107"));
    }

    protected async Task InvoiceAsync(char letter, int clientId, decimal amount, DateOnly issued, DateOnly due)
    {
        var books = new InvoiceBook(Db, Clock);
        var draft = await books.CreateDraftAsync(new DraftInvoice(clientId, "Безналичный платеж", issued, due,
            [new InvoiceLine(LineKind.Manual, "Доступ на пользователя \"Стандарт\"", amount)]));
        var published = await books.PublishAsync(draft.Invoice.Id);
        Invoices[letter] = (published.Invoice.Id, published.Invoice.Number!.Value);
    }

    protected string PathFor(string name) => Path.Combine(Folder, name);

    protected static XLWorkbook Open(string path) => new(path);

    /// <summary>The detail and total rows of a sheet below its caption and header, as (row number, kind label).</summary>
    protected static IEnumerable<IXLRow> DataRows(IXLWorksheet sheet) =>
        sheet.RowsUsed().Where(r => r.RowNumber() >= 3);

    protected async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        await base.DisposeAsync();
    }
}
