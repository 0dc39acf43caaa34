using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using BackOffice.Tests.Support.FakeOneC;
using Dapper;
using Npgsql;

namespace BackOffice.Worker.Tests;

/// <summary>
/// Work for several `backoffice run` instances on one database: invoices whose changes wait in the outbox for a fake 1C,
/// mail waiting in outgoing_mail for a real SMTP listener, and bank statements (real 1CClientBankExchange files paying those
/// invoices) in the inbox folder. Shared by the cluster tests and bench/Soak.
/// </summary>
public sealed class ClusterWorld(NpgsqlDataSource db, FakeOneCServer oneC, MailServers mail, string inbox)
{
    public const int Client = 7583;
    static int _statement;

    public async Task PrepareOneCAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        LiveKey = oneC.Add("Catalog_Организации", new JsonObject { ["Code"] = "000000001", ["Description"] = "Лайв Технологии", ["Префикс"] = "ЛТ" });
        FormulaKey = oneC.Add("Catalog_Организации", new JsonObject { ["Code"] = "000000002", ["Description"] = "Формула ИТ", ["Префикс"] = "ФИ" });
        var contractor = oneC.Add("Catalog_Контрагенты", new JsonObject
        {
            ["Code"] = "00-007583", ["Description"] = "ООО «Фабрика Бизнеса»", ["ИНН"] = "7708305901", ["КПП"] = "770801001",
        });
        foreach (var organisation in new[] { LiveKey, FormulaKey })
            oneC.Add("Catalog_ДоговорыКонтрагентов", new JsonObject
            {
                ["Owner_Key"] = contractor.ToString(), ["Организация_Key"] = organisation.ToString(), ["ВидДоговора"] = "СПокупателем",
                ["Description"] = "Основной договор", ["Номер"] = "Д-00-007583",
            });
        oneC.Add("Catalog_Номенклатура", new JsonObject { ["Code"] = "00-00000999", ["Description"] = "Услуги", ["Услуга"] = true });
    }

    Guid LiveKey { get; set; }
    Guid FormulaKey { get; set; }

    /// <summary>Settings (as environment variables) for an instance that relays, sends and imports every second.</summary>
    public Dictionary<string, string> Settings(int leaseSeconds = 5) => new()
    {
        ["BackOffice__Jobs__heartbeat__Cron"] = "* * * * * ?",
        ["BackOffice__Jobs__onec-relay__Cron"] = "* * * * * ?",
        ["BackOffice__Jobs__mail-send__Cron"] = "* * * * * ?",
        ["BackOffice__Jobs__bank-inbox__Cron"] = "* * * * * ?",
        ["BackOffice__Jobs__desk-tick__Enabled"] = "false",
        ["BackOffice__Accounting__BaseUrl"] = oneC.BaseUrl,
        ["BackOffice__Accounting__User"] = oneC.User,
        ["BackOffice__Accounting__Password"] = oneC.Password,
        ["BackOffice__Accounting__TimeoutSeconds"] = "5",
        ["BackOffice__Accounting__RetryDelaySeconds"] = "0",
        ["BackOffice__Accounting__Concurrency"] = "1",
        ["BackOffice__Accounting__BatchSize"] = "10",
        ["BackOffice__Accounting__LeaseSeconds"] = leaseSeconds.ToString(CultureInfo.InvariantCulture),
        ["BackOffice__Accounting__Organisations__LIVE__Key"] = LiveKey.ToString(),
        ["BackOffice__Accounting__Organisations__FORMULA__Key"] = FormulaKey.ToString(),
        ["BackOffice__Accounting__DefaultNomenclature"] = "00-00000999",
        ["BackOffice__Mail__Address"] = "ok@bit-live.example",
        ["BackOffice__Mail__SmtpHost"] = "127.0.0.1",
        ["BackOffice__Mail__SmtpPort"] = mail.SmtpPort.ToString(CultureInfo.InvariantCulture),
        ["BackOffice__Mail__SmtpSecurity"] = "None",
        ["BackOffice__Mail__SmtpBatchSize"] = "5",
        ["BackOffice__Mail__SmtpLeaseSeconds"] = leaseSeconds.ToString(CultureInfo.InvariantCulture),
        ["BackOffice__Bank__InboxFolder"] = inbox,
    };

    /// <summary>Published invoices of client 7583 (each leaves an outbox item for 1C); returns their numbers.</summary>
    public async Task<IReadOnlyList<long>> PublishInvoicesAsync(int count, decimal amount = 1000m)
    {
        var books = new InvoiceBook(db, TimeProvider.System);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(3));
        var numbers = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var draft = await books.CreateDraftAsync(new DraftInvoice(Client, "Безналичный платеж", today, today.AddDays(5),
                [new InvoiceLine(LineKind.Manual, "Администрирование сервера", amount)]));
            numbers.Add((await books.PublishAsync(draft.Invoice.Id)).Invoice.Number!.Value);
        }
        return numbers;
    }

    /// <summary>Notices waiting in outgoing_mail, each with its own Message-ID.</summary>
    public async Task QueueMailAsync(int count)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into outgoing_mail (kind, to_address, subject, body_text, message_id, created_at, next_attempt_at)
            select 'notice', 'client' || g || '@example.ru', 'Уведомление ' || g, 'Текст уведомления ' || g,
                   '<cluster-' || gen_random_uuid() || '@bit-live.example>', now(), now()
            from generate_series(1, @count) g
            """, new { count });
    }

    /// <summary>A settled statement file (cp1251, one payment order of client 7583 for the invoice) in the inbox.</summary>
    public void DropStatement(long invoiceNumber, decimal amount = 1000m)
    {
        var n = Interlocked.Increment(ref _statement);
        var date = DateTime.UtcNow.AddHours(3).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var number = (100000 + invoiceNumber % 100000 * 10 + n % 10).ToString(CultureInfo.InvariantCulture);
        var path = BankStatementFile.Write(inbox, $"statement-{invoiceNumber}-{n}.txt", number, amount,
            $"Оплата по счету № {invoiceNumber} от {date} за услуги. Без НДС", date);
        // The inbox takes only files that have settled for a few seconds.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
    }

    /// <summary>Everything the instances had to do is done: outbox relayed, mail sent, inbox empty.</summary>
    public async Task<bool> DoneAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var left = await conn.ExecuteScalarAsync<long>("""
            select (select count(*) from outbox where destination = 'onec' and processed_at is null)
                 + (select count(*) from outgoing_mail where sent_at is null)
            """);
        return left == 0 && !Directory.EnumerateFiles(inbox).Any();
    }

    /// <summary>Invoices of ours in 1C, by number: each must be there once.</summary>
    public IReadOnlyDictionary<string, int> OneCInvoices() =>
        oneC.All("Document_СчетНаОплатуПокупателю").GroupBy(d => d["Number"]?.ToString() ?? "").ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Copies received by the SMTP listener, by Message-ID.</summary>
    public IReadOnlyDictionary<string, int> Received() =>
        mail.Received().GroupBy(m => m.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count());
}
