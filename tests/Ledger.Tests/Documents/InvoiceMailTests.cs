using System.Text.Json;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Documents;
using BackOffice.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;
using static BackOffice.Ledger.Tests.Billing.BillingTables;

namespace BackOffice.Ledger.Tests.Documents;

public class InvoiceMailTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly string[] Tables = [.. All, "invoice_mail", "organisations", "organisation_bank_accounts"];

    InvoiceMailer Mailer(InvoiceMailOptions? options = null) => new(Db, Options.Create(options ?? new InvoiceMailOptions
    {
        Templates = { ["LIVE"] = new InvoiceMailTemplate { Subject = "Лайв: счет № {Номер} от {Дата}", Body = "{Клиент}, к оплате {Сумма} до {СрокОплаты}. {Организация}" } },
    }), new BillingOptions(), Clock);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await LoadDemoAsync(Db);
        await Seed7583ServicesAsync(Db);
    }

    Task RenewAsync() => new RenewalInvoicer(Db, Clock).RunAsync(new DateOnly(2019, 1, 12), 20);

    async Task<IReadOnlyList<(string Kind, string To, string Subject, string Body, string Attachments, string DedupeKey)>> MailAsync() =>
        await QueryAsync<(string, string, string, string, string, string)>(Db,
            "select kind, to_address, subject, body_text, attachments::text, dedupe_key from outgoing_mail order by id");

    static byte[] Pdf(string attachments)
    {
        var a = Assert.Single(JsonDocument.Parse(attachments).RootElement.EnumerateArray().ToList());
        Assert.Equal("application/pdf", a.GetProperty("contentType").GetString());
        Assert.Equal($"Счет на оплату № {First}.pdf", a.GetProperty("fileName").GetString());
        return Convert.FromBase64String(a.GetProperty("contentBase64").GetString()!);
    }

    [Fact]
    public async Task A_published_invoice_is_mailed_once_to_the_client_and_the_contacts_who_receive_invoices_with_its_pdf()
    {
        await RenewAsync();

        var first = await Mailer().QueueDueAsync();
        var again = await Mailer().QueueDueAsync();
        // As if the run had crashed after queuing and before clearing the mark: the unique keys keep it to one mail.
        await ExecAsync(Db, "update invoices set mail_due = true");
        await Mailer().QueueDueAsync();

        Assert.Equal(["s.sarkisov@oteli-apelsin.ru", "buh@fabrika-biz.ru"], Assert.Single(first).To);
        Assert.Empty(again);
        var mail = Assert.Single(await MailAsync());
        Assert.Equal(("invoice", "s.sarkisov@oteli-apelsin.ru, buh@fabrika-biz.ru", $"Лайв: счет № {First} от 12.01.2019"), (mail.Kind, mail.To, mail.Subject));
        Assert.Equal("ООО «Фабрика Бизнеса», к оплате 48 336,00 руб. до 01.02.2019. ООО «Лайв Технологии»", mail.Body);
        using var probe = new PdfProbe(Pdf(mail.Attachments));
        Assert.Contains($"Счет на оплату № {First} от 12 января 2019 г.", probe.Text());
        Assert.Equal(1, await CountAsync("invoice_mail", "reason = 'published' and problem is null and outgoing_mail_id is not null"));
        Assert.Equal(0, await CountAsync("invoices", "mail_due"));
    }

    [Fact]
    public async Task Two_mailers_at_once_queue_each_invoice_once()
    {
        await RenewAsync();
        await Task.WhenAll(Mailer().QueueDueAsync(), Mailer().QueueDueAsync(), Mailer().QueueDueAsync());
        Assert.Equal(1, await CountAsync("outgoing_mail", "kind = 'invoice'"));
    }

    [Fact]
    public async Task A_client_without_a_usable_address_gets_the_invoice_published_and_listed_for_the_manager()
    {
        await ExecAsync(Db, "update clients set email = 'sarkisov@oteli-apelsinru' where id = 7583; update client_contacts set receives_invoices = false");
        await RenewAsync();

        var result = Assert.Single(await Mailer().QueueDueAsync());

        Assert.Equal("unpaid", await ScalarAsync<string>(Db, $"select status from invoices where number = {First}"));
        Assert.Empty(result.To);
        Assert.Equal(0, await CountAsync("outgoing_mail"));
        var listed = Assert.Single(await Mailer().ProblemsAsync());
        Assert.Equal((First, 7583, "Камышина Екатерина"), (listed.Number, listed.ClientId, listed.Manager));
        Assert.Contains("no usable email address", listed.Problem);
        Assert.Contains("sarkisov@oteli-apelsinru", listed.Problem);
    }

    [Fact]
    public async Task A_client_who_asked_for_no_invoice_mail_gets_none_not_even_on_request()
    {
        await ExecAsync(Db, "update clients set no_invoice_mail = true where id = 7583");
        await RenewAsync();
        await Mailer().QueueDueAsync();
        var before = await SnapshotAsync(Tables);

        var e = await Assert.ThrowsAsync<Conflict>(() => Mailer().ResendAsync(First, "ekamyshina"));

        Assert.Contains("no invoice mail", e.Message);
        Assert.Equal(before, await SnapshotAsync(Tables));
        Assert.Equal(0, await CountAsync("outgoing_mail"));
        Assert.Equal(1, await CountAsync("invoice_mail", "problem = 'the client asked for no invoice mail'"));
    }

    [Fact]
    public async Task Sending_again_on_request_queues_another_mail_and_records_who_asked()
    {
        await RenewAsync();
        await Mailer().QueueDueAsync();

        await Mailer().ResendAsync(First, "ekamyshina");
        await Mailer().ResendAsync(First, "ekamyshina");

        Assert.Equal(3, await CountAsync("outgoing_mail", "kind = 'invoice'"));
        Assert.Equal(2, await CountAsync("invoice_mail", "reason = 'resend' and requested_by = 'ekamyshina' and outgoing_mail_id is not null"));
    }

    [Fact]
    public async Task An_overdue_notice_carries_the_same_pdf()
    {
        await RenewAsync();
        await new OverdueProcessor(Db, Clock, new BillingOptions { FirstNoticeDays = 1, SecondNoticeDays = 0, ThirdNoticeDays = 0, ReminderDaysBefore = 0,
            LateFeeValue = 0, SuspendDays = 0, TerminateDays = 0 }).RunAsync(new DateOnly(2019, 2, 3));

        var notice = Assert.Single(await MailAsync(), m => m.Kind == "overdue_notice");
        using var probe = new PdfProbe(Pdf(notice.Attachments));
        Assert.Contains("Сорок восемь тысяч триста тридцать шесть рублей 00 копеек", probe.Text());
    }

    async Task<long> FormulaDraftAsync() =>
        (await new InvoiceBook(Db, Clock).CreateDraftAsync(new DraftInvoice(7583, Formula, new DateOnly(2026, 2, 9), new DateOnly(2026, 2, 19),
            [Line("Сопровождение 1С (февраль 2026)", 12200m)]))).Invoice.Id;

    [Theory]
    [InlineData("delete from organisation_bank_accounts where organisation_id = 2", "bank-account", "has no bank account")]
    [InlineData("update organisation_bank_accounts set account = '40702810938000123456' where organisation_id = 2", "account", "fails its check digit against БИК 044525225")]
    [InlineData("update organisation_bank_accounts set bic = '144525225' where organisation_id = 2", "bik", "is not a Russian bank's БИК")]
    [InlineData("update organisation_bank_accounts set corr_account = null where organisation_id = 2", "corr-account", "has no correspondent account")]
    [InlineData("update organisations set full_name = 'ООО «Формула | ИТ»' where id = 2", "qr", "contains '|'")]
    [InlineData("update organisations set full_name = 'ООО «Формула=ИТ»' where id = 2", "qr", "contains '='")]
    public async Task Publishing_is_refused_naming_the_field_when_the_seller_cannot_be_paid_by_its_document(string breakIt, string field, string says)
    {
        var draft = await FormulaDraftAsync();
        await ExecAsync(Db, breakIt);
        var before = await SnapshotAsync(Tables);

        var e = await Assert.ThrowsAsync<InvalidInput>(() => new InvoiceDesk(Db, Clock).PublishAsync(draft, "test", dryRun: false));
        await Mailer().QueueDueAsync();

        Assert.Equal(field, e.Field);
        Assert.Contains(says, e.Message);
        Assert.Equal(before, await SnapshotAsync(Tables));
        Assert.Equal(0, await CountAsync("outgoing_mail"));
    }

    [Fact]
    public async Task A_renewal_run_reports_the_invoices_of_an_organisation_without_a_bank_account_and_publishes_none_of_them()
    {
        await ExecAsync(Db, "delete from organisation_bank_accounts where organisation_id = 1");

        var result = await new RenewalInvoicer(Db, Clock).RunAsync(new DateOnly(2019, 1, 12), 20);

        Assert.Equal(0, result.Invoices);
        Assert.Contains(result.Problems, p => p.Contains("has no bank account"));
        Assert.Equal(0, await CountAsync("invoices", "number is not null"));
    }

    [Fact]
    public async Task A_template_naming_a_field_that_does_not_exist_is_refused_at_start_naming_the_key()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:BackOffice"] = ConnectionString,
            ["BackOffice:InvoiceMail:Templates:LIVE:Subject"] = "Счет № {Nomer}",
            ["BackOffice:InvoiceMail:Templates:LIVE:Body"] = "К оплате {Сумма}",
        }).Build();
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLedger().BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<InvoiceMailOptions>>().Value);

        Assert.Contains("BackOffice:InvoiceMail:Templates:LIVE:Subject names {Nomer}", e.Message);
        Assert.Empty(new InvoiceMailOptions { Templates = { ["LIVE"] = InvoiceMailOptions.BuiltIn } }.Problems());
    }
}
