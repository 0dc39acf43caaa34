using System.Text.Json;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Ledger.Documents;

/// <summary>What one invoice's mail came to: queued to these addresses, or the problem that kept it back.</summary>
public sealed record InvoiceMailResult(long Number, int ClientId, IReadOnlyList<string> To, string? Problem);

/// <summary>
/// Mails the «Счет на оплату» PDF to the client's address and the contacts who receive invoices, through the one outgoing
/// queue (the sender carries the file whole). Published invoices are marked mail_due in the publishing transaction; this
/// takes them one by one (FOR UPDATE SKIP LOCKED) and queues each under a unique key, so a retried publish, a second
/// instance or a crash between the steps never mails an invoice twice. A client with no usable address, or who asked for
/// no invoice mail, gets none: the invoice stays published and the reason is recorded for the manager.
/// </summary>
public sealed class InvoiceMailer(NpgsqlDataSource db, IOptions<InvoiceMailOptions> options, BillingOptions billing, TimeProvider clock)
{
    public static readonly RefusalCode NoNumberYet = new("mail.no-number-yet");
    public static readonly RefusalCode NoInvoiceMail = new("mail.no-invoice-mail");
    public static readonly RefusalCode NoAddress = new("mail.no-address");
    public const string PdfType = "application/pdf";

    public async Task<IReadOnlyList<InvoiceMailResult>> QueueDueAsync(CancellationToken ct = default)
    {
        var results = new List<InvoiceMailResult>();
        if (!options.Value.Enabled) return results;
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select id from invoices where mail_due order by id limit 1 for update skip locked", transaction: tx, cancellationToken: ct));
            if (id is not { } invoiceId) return results;
            results.Add(await QueueAsync(conn, tx, invoiceId, "published", "publish", ct));
            await conn.ExecuteAsync(new CommandDefinition("update invoices set mail_due = false where id = @invoiceId", new { invoiceId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
    }

    /// <summary><c>backoffice invoices send N</c>: the document again, recorded with who asked.</summary>
    public async Task<InvoiceMailResult> ResendAsync(long number, string by, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select id from invoices where number = @number for update", new { number }, tx, cancellationToken: ct))
            ?? throw new NotFound(Refusals.InvoiceMissing, $"There is no invoice № {number}.");
        var result = await QueueAsync(conn, tx, id, "resend", by, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>Invoices whose mail was kept back, newest first, with the client's manager: what staff must fix.</summary>
    public async Task<IReadOnlyList<UnmailedInvoice>> ProblemsAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<UnmailedInvoice>(new CommandDefinition("""
            select i.number, i.client_id, coalesce(nullif(c.company_name, ''), trim(c.first_name || ' ' || c.last_name)) as client_name,
                   s.full_name as manager, m.problem, m.created_at
            from invoice_mail m join invoices i on i.id = m.invoice_id join clients c on c.id = i.client_id
            left join staff s on s.id = coalesce(c.sales_manager_id, c.personal_manager_id)
            where m.problem is not null and i.status in ('unpaid', 'collections')
            order by m.created_at desc, m.id desc
            """, cancellationToken: ct))).ToList();
    }

    async Task<InvoiceMailResult> QueueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long invoiceId, string reason, string by, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var who = await conn.QuerySingleAsync<Recipient>(new CommandDefinition("""
            select i.number, i.client_id, c.email, c.no_invoice_mail, o.code as organisation_code,
                   (select string_agg(cc.email, ',' order by cc.id) from client_contacts cc
                    where cc.client_id = c.id and cc.receives_invoices and cc.email is not null) as contacts
            from invoices i join clients c on c.id = i.client_id join organisations o on o.id = i.organisation_id where i.id = @invoiceId
            """, new { invoiceId }, tx, cancellationToken: ct));
        var number = who.Number ?? throw new Conflict(NoNumberYet, $"Invoice draft #{invoiceId} has no number yet: publish it first.");
        if (who.NoInvoiceMail)
        {
            if (reason == "resend")
                throw new Conflict(NoInvoiceMail, $"Client #{who.ClientId} asked for no invoice mail (no_invoice_mail): nothing sent. Clear the flag first to send invoice № {number}.");
            return await RecordAsync(conn, tx, invoiceId, reason, null, null, "the client asked for no invoice mail", by, now, who, ct);
        }
        var to = new[] { who.Email }.Concat((who.Contacts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(a => a.Trim()).Where(IsMailbox).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (to.Count == 0)
        {
            var problem = $"no usable email address (client's: «{who.Email}», no contact who receives invoices)";
            if (reason == "resend")
                throw new InvalidInput(NoAddress, "email", $"Invoice № {number}: no usable email address (client's: «{who.Email}», no contact who receives invoices); nothing sent.");
            return await RecordAsync(conn, tx, invoiceId, reason, null, null, problem, by, now, who, ct);
        }

        var document = await InvoiceDocuments.LoadAsync(conn, tx, invoiceId, ct);
        var pdf = InvoicePdf.Render(document);
        var template = options.Value.For(who.OrganisationCode);
        var values = new Dictionary<string, string>
        {
            ["Номер"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Дата"] = BusinessText.FormatDate(document.IssueDate),
            ["СрокОплаты"] = BusinessText.FormatDate(document.DueDate), ["Сумма"] = BusinessText.FormatMoney(document.ToPay),
            ["Клиент"] = document.Buyer.Name, ["Организация"] = document.Seller.Name,
        };
        var mailId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into invoice_mail (invoice_id, reason, to_address, requested_by, created_at)
            values (@invoiceId, @reason, @to, @by, @now)
            on conflict (invoice_id) where reason = 'published' do nothing
            returning id
            """, new { invoiceId, reason, to = string.Join(", ", to), by, now }, tx, cancellationToken: ct));
        if (mailId == 0) return new InvoiceMailResult(number, who.ClientId, [], "already mailed when it was published");
        var outgoing = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            insert into outgoing_mail (kind, dedupe_key, to_address, subject, body_text, message_id, client_id, attachments, created_at, next_attempt_at)
            values ('invoice', @dedupe, @to, @subject, @body, @messageId, @clientId, @attachments::jsonb, @now, @now)
            on conflict (dedupe_key) where dedupe_key is not null do nothing
            returning id
            """, new
        {
            dedupe = reason == "published" ? $"invoice:{invoiceId}:published" : $"invoice:{invoiceId}:resend:{mailId}",
            to = string.Join(", ", to), subject = InvoiceMailOptions.Fill(template.Subject, values), body = InvoiceMailOptions.Fill(template.Body, values),
            messageId = $"<invoice-{number}-{mailId}.{Guid.NewGuid():N}@{billing.MailDomain}>", clientId = who.ClientId, now,
            attachments = Attachment(InvoiceDocuments.FileName(number), pdf),
        }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("update invoice_mail set outgoing_mail_id = @outgoing where id = @mailId",
            new { outgoing, mailId }, tx, cancellationToken: ct));
        return new InvoiceMailResult(number, who.ClientId, to, null);
    }

    /// <summary>The outgoing queue's whole-file attachment shape ({fileName, contentType, contentBase64}).</summary>
    public static string Attachment(string fileName, byte[] pdf) =>
        JsonSerializer.Serialize(new[] { new { fileName, contentType = PdfType, contentBase64 = Convert.ToBase64String(pdf) } });

    static async Task<InvoiceMailResult> RecordAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long invoiceId, string reason, string? to,
        long? outgoing, string problem, string by, DateTime now, Recipient who, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into invoice_mail (invoice_id, reason, to_address, outgoing_mail_id, problem, requested_by, created_at)
            values (@invoiceId, @reason, @to, @outgoing, @problem, @by, @now)
            on conflict (invoice_id) where reason = 'published' do nothing
            """, new { invoiceId, reason, to, outgoing, problem, by, now }, tx, cancellationToken: ct));
        return new InvoiceMailResult(who.Number!.Value, who.ClientId, [], problem);
    }

    /// <summary>local@domain.tld without spaces: the seed's staff broke addresses on purpose ("ivanovmail.ru") to stop mail.</summary>
    public static bool IsMailbox(string address)
    {
        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1 && !address.Any(char.IsWhiteSpace) && !address.Contains('"') && address.IndexOf('@') == at
               && address[(at + 1)..].Contains('.') && !address.EndsWith('.');
    }

    sealed class Recipient
    {
        public long? Number { get; set; }
        public int ClientId { get; set; }
        public string Email { get; set; } = "";
        public bool NoInvoiceMail { get; set; }
        public string OrganisationCode { get; set; } = "";
        public string? Contacts { get; set; }
    }
}

public sealed record UnmailedInvoice(long Number, int ClientId, string ClientName, string? Manager, string Problem, DateTime CreatedAt);
