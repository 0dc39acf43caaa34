using System.Globalization;
using System.Text;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Clients;
using BackOffice.Tests.Support;
using Dapper;
using Npgsql;

namespace BackOffice.Web.Tests;

/// <summary>
/// What the treasury pages' tests need of their own: a client with a valid ИНН of its own (so the shared database's other
/// tests never pay or queue its money), its invoices, and a real bank sample made into a statement of our account.
/// </summary>
sealed class TreasuryWorld(NpgsqlDataSource db)
{
    public const string OurAccount = "40702810502080001823";

    /// <summary>The sample's own account (it stands for ours) and its anonymised counterparty account.</summary>
    const string SampleAccount = "40702810200000000001", SampleCounterparty = "12312312312312312";

    public static readonly string[] BankTables = ["bank_statements", "bank_documents", "bank_review_queue", "bank_document_payments", "bank_unmatches",
        "payment_claims"];

    static TreasuryWorld() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Cp1251 => Encoding.GetEncoding(1251);

    public async Task<(int Id, string Inn)> ClientAsync(string company)
    {
        var inn = RandomInn();
        var client = await new ClientBook(db, TimeProvider.System).AddAsync(new ClientChanges
        {
            FirstName = "Казна", LastName = "Тестова", CompanyName = company, Email = $"treasury-{Guid.NewGuid():N}@example.ru", Inn = inn,
        });
        return (client.Id, inn);
    }

    /// <summary>A published invoice of the client for the amount; returns its number.</summary>
    public async Task<long> InvoiceAsync(int clientId, decimal amount)
    {
        // Due a month ahead: never overdue, so the header's overdue figure other tests check does not move under them.
        var issued = BusinessDay.Today(TimeProvider.System);
        var books = new InvoiceBook(db, TimeProvider.System);
        var draft = await books.CreateDraftAsync(new DraftInvoice(clientId, "Безналичный платеж", issued, issued.AddDays(30),
            [new InvoiceLine(LineKind.Manual, "Облачные услуги", amount)]));
        return (await books.PublishAsync(draft.Invoice.Id)).Invoice.Number!.Value;
    }

    /// <summary>
    /// kilylabs' one-day VTB statement (13 documents, its balance section agreeing with them) made ours: its account becomes
    /// the company's, its ten outgoing documents are paid from it, and its three incoming ones (6 000, 14 000 and 20 000)
    /// come from the payer with these purposes. Document numbers carry the tag, so each test's statement is its own.
    /// </summary>
    public static byte[] Statement(string tag, string payerInn, string payerName, string purpose6000, string purpose14000, string purpose20000)
    {
        var lines = File.ReadAllText(SampleFiles.Sample("bank", "kilylabs__client-bank-exchange-php__one_day.txt"), Cp1251)
            .Replace(SampleAccount, OurAccount).Replace("11.01.2016", "20.11.2026").Replace("12.01.2016", "21.11.2026")
            .Split("\r\n");
        var purposes = new Dictionary<string, string> { ["6000.00"] = purpose6000, ["14000.00"] = purpose14000, ["20000.00"] = purpose20000 };
        var output = new List<string>();
        var document = new List<string>();
        foreach (var line in lines)
        {
            if (document.Count > 0 || line.StartsWith("СекцияДокумент", StringComparison.Ordinal))
            {
                document.Add(line);
                if (line == "КонецДокумента")
                {
                    output.AddRange(Adapt(document, tag, payerInn, payerName, purposes));
                    document.Clear();
                }
                continue;
            }
            output.Add(line);
        }
        return Cp1251.GetBytes(string.Join("\r\n", output));
    }

    static IEnumerable<string> Adapt(List<string> document, string tag, string payerInn, string payerName, Dictionary<string, string> purposes)
    {
        var incoming = document.Contains($"ПолучательСчет={OurAccount}");
        var amount = document.First(l => l.StartsWith("Сумма=", StringComparison.Ordinal))["Сумма=".Length..];
        var payerAccount = "407028101" + tag.PadLeft(11, '0');
        foreach (var line in document)
        {
            var (key, value) = line.IndexOf('=') is var eq and > 0 ? (line[..eq], line[(eq + 1)..]) : (line, "");
            yield return key switch
            {
                "Номер" => $"Номер={tag}{value}",
                "ПлательщикСчет" or "ПлательщикРасчСчет" => $"{key}={(incoming ? payerAccount : OurAccount)}",
                "ПлательщикИНН" when incoming => $"ПлательщикИНН={payerInn}",
                "Плательщик1" when incoming => $"Плательщик1={payerName}",
                "НазначениеПлатежа" when incoming => $"НазначениеПлатежа={purposes[amount]}",
                _ => line,
            };
        }
    }

    /// <summary>A fingerprint of the bank tables and of the clients' money: equal before and after means the page changed nothing.</summary>
    public async Task<string> SnapshotAsync(params int[] clients)
    {
        await using var conn = await db.OpenConnectionAsync();
        var parts = new List<string>();
        foreach (var t in BankTables)
            parts.Add(t + ":" + await conn.ExecuteScalarAsync<string>($"select coalesce(md5(string_agg(x::text, '|' order by x::text)), '-') from {t} x"));
        foreach (var t in new[] { "invoices", "payments", "credit_ledger", "clients" })
            parts.Add(t + ":" + await conn.ExecuteScalarAsync<string>(
                $"select coalesce(md5(string_agg(x::text, '|' order by x::text)), '-') from {t} x where {(t == "clients" ? "id" : "client_id")} = any(@clients)",
                new { clients }));
        return string.Join("\n", parts);
    }

    static string RandomInn()
    {
        int[] weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
        var digits = "77" + Random.Shared.Next(0, 10_000_000).ToString("D7", CultureInfo.InvariantCulture);
        var check = weights.Select((w, i) => w * (digits[i] - '0')).Sum() % 11 % 10;
        return digits + check.ToString(CultureInfo.InvariantCulture);
    }
}
