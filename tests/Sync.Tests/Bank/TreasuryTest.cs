using System.Globalization;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Demo;
using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Sync.Tests.Bank;

/// <summary>One payment order of a generated statement; the defaults are client #7583 paying the company's Альфа account.</summary>
internal sealed record Order(string Number, decimal Amount, string Purpose)
{
    public string Date { get; init; } = "11.02.2019";
    public string PayerInn { get; init; } = TreasuryTest.FabrikaInn;
    public string PayerKpp { get; init; } = "770801001";
    public string PayerAccount { get; init; } = "40702810100000000777";
    public string RecipientAccount { get; init; } = TreasuryTest.OurAccount;
    public string? Extra { get; init; }
}

/// <summary>The demo ledger, invoices made through the billing engine, and statements written as real 1C files.</summary>
public abstract class TreasuryTest(PostgresCluster cluster) : DatabaseTest(cluster)
{
    public const string OurAccount = "40702810502080001823";
    public const string FabrikaInn = "7708305901";
    public static readonly string[] Money = ["bank_statements", "bank_documents", "bank_review_queue", "bank_document_payments", "payments",
        "credit_ledger", "invoices", "clients", "outbox", "outgoing_mail", "payment_claims"];

    private protected TempFolder Temp { get; } = new();

    protected BankImport Import => new(Db, Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await new DemoData(Db).LoadAsync();
    }

    // xunit v3 calls DisposeAsync only, not Dispose, on a class that has both: the temp folder goes with the database.
    public override async ValueTask DisposeAsync()
    {
        Temp.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A published invoice of the client for the amount; returns its number.</summary>
    protected async Task<long> InvoiceAsync(int clientId, decimal amount, DateOnly issued)
    {
        var books = new InvoiceBook(Db, Clock);
        var draft = await books.CreateDraftAsync(new DraftInvoice(clientId, "Безналичный платеж", issued, issued,
            [new InvoiceLine(LineKind.Manual, "Услуги", amount)]));
        var published = await books.PublishAsync(draft.Invoice.Id);
        Assert.Equal(amount, published.Invoice.Total);
        return published.Invoice.Number!.Value;
    }

    protected async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql))!;
    }

    private protected static List<string> StatementLines(params Order[] orders)
    {
        var lines = new List<string>
        {
            "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Бухгалтерия", "Получатель=",
            "ДатаСоздания=12.02.2019", "ВремяСоздания=10:00:00", "ДатаНачала=11.02.2019", "ДатаКонца=11.02.2019", $"РасчСчет={OurAccount}",
        };
        foreach (var o in orders)
        {
            lines.AddRange([
                "СекцияДокумент=Платежное поручение", $"Номер={o.Number}", $"Дата={o.Date}",
                $"Сумма={o.Amount.ToString("0.00", CultureInfo.InvariantCulture)}",
                $"ПлательщикСчет={o.PayerAccount}", $"ПлательщикИНН={o.PayerInn}", $"ПлательщикКПП={o.PayerKpp}", "Плательщик1=ООО Плательщик",
                $"ПлательщикРасчСчет={o.PayerAccount}", "ПлательщикБИК=044525225",
                $"ПолучательСчет={o.RecipientAccount}", "ПолучательИНН=7709983032", "Получатель1=ООО «Лайв Технологии»",
                $"ПолучательРасчСчет={o.RecipientAccount}", "ПолучательБИК=044525593", $"ДатаПоступило={o.Date}",
                $"НазначениеПлатежа={o.Purpose}",
            ]);
            if (o.Extra is not null) lines.Add(o.Extra);
            lines.Add("КонецДокумента");
        }

        lines.Add("КонецФайла");
        return lines;
    }

    private protected string Statement(string name, params Order[] orders) =>
        Temp.Write(name, StatementLines(orders), BankSamples.Cp1251);
}
