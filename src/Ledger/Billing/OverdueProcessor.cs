using System.Globalization;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>What an overdue run did. <see cref="Problems"/> names each invoice whose steps failed (left for the next run).</summary>
public sealed record OverdueResult(int Reminders, int Notices, int LateFees, int Suspended, int Terminated)
{
    public IReadOnlyList<string> Problems { get; init; } = Array.Empty<string>();

    /// <summary>Invoices tried again after their transaction lost a deadlock (or a serialization conflict).</summary>
    public int Retried { get; init; }
}

/// <summary>
/// The overdue steps for unpaid invoices on a date (SPEC §1): a reminder before the due date, the 1st/2nd/3rd notice,
/// a late fee, suspension and termination of the services billed on the invoice. Notices are queued in outgoing_mail
/// under a dedupe key and late fees are guarded by a unique index, so running twice, or twice at once, adds nothing.
/// Clients flagged "no notices", "no late fee", "do not suspend", and services with a suspension override are skipped.
/// Each invoice is a transaction of its own: one that fails (or loses a deadlock twice) is reported and left for the next
/// run, and never takes the rest of the day's notices with it.
/// </summary>
public sealed class OverdueProcessor(NpgsqlDataSource db, TimeProvider clock, BillingOptions options)
{
    const int Attempts = 3;

    /// <summary>Each invoice's steps run and are rolled back: the counts say what a real run would do.</summary>
    public bool DryRun { get; init; }

    public async Task<OverdueResult> RunAsync(DateOnly date, CancellationToken ct = default)
    {
        options.EnsureValid();
        var counts = new int[5];
        var problems = new List<string>();
        var retried = 0;
        foreach (var invoice in await OpenInvoicesAsync(date.AddDays(options.ReminderDaysBefore), ct))
        {
            for (var attempt = 1; ; attempt++)
            {
                var done = new int[5];
                try
                {
                    await ProcessAsync(invoice, date, done, ct);
                    for (var i = 0; i < counts.Length; i++) counts[i] += done[i];
                    break;
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                                                  && attempt < Attempts)
                {
                    // A deadlock victim: its transaction is rolled back whole, so trying the invoice again is safe.
                    retried++;
                }
                catch (Exception e) when (e is LedgerError or PostgresException)
                {
                    problems.Add($"Invoice № {invoice.Number} (client #{invoice.ClientId}): {e.Message}");
                    break;
                }
            }
        }
        return new OverdueResult(counts[0], counts[1], counts[2], counts[3], counts[4]) { Problems = problems.Count == 0 ? Array.Empty<string>() : problems, Retried = retried };
    }

    async Task ProcessAsync(OpenInvoice invoice, DateOnly date, int[] counts, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Lock order (LockOrder): the client, then the invoice — as payments and the bank import take them, so that an
        // overlapping payment waits for this invoice's steps (or they for it) instead of deadlocking.
        await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @ClientId for update", invoice, tx, cancellationToken: ct));
        var current = await InvoiceWriter.LockAsync(conn, tx, invoice.Id, ct);
        if (current.Status != "unpaid" || current.BalanceDue <= 0) return;
        var overdue = date.DayNumber - invoice.DueDate.DayNumber;
        if (!invoice.NoOverdueNotices && await NoticeAsync(conn, tx, invoice, overdue, ct) is { } kind)
            counts[kind == "reminder" ? 0 : 1]++;
        if (!invoice.NoLateFee && invoice.Kind != "late_fee" && options.LateFeeValue > 0 && overdue >= Math.Max(options.LateFeeDays, 1)
            && await LateFeeAsync(conn, tx, invoice, date, ct))
            counts[2]++;
        if (!invoice.NoAutoSuspend)
        {
            if (options.SuspendDays > 0 && overdue >= options.SuspendDays)
                counts[3] += await SetServicesAsync(conn, tx, invoice, date, "suspended", ["active"], ct);
            if (options.TerminateDays > 0 && overdue >= options.TerminateDays)
                counts[4] += await SetServicesAsync(conn, tx, invoice, date, "terminated", ["active", "suspended"], ct);
        }
        await tx.FinishAsync(DryRun, ct);
    }

    async Task<IReadOnlyList<OpenInvoice>> OpenInvoicesAsync(DateOnly until, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<OpenInvoice>(new CommandDefinition("""
            select i.id, i.number, i.client_id, i.kind, i.due_date, i.payment_method, i.total - i.credit_applied - i.amount_paid as balance,
                   c.email, c.no_late_fee, c.no_overdue_notices, c.no_auto_suspend,
                   (select string_agg(cc.email, ', ' order by cc.id) from client_contacts cc
                    where cc.client_id = c.id and cc.receives_invoices and cc.email is not null) as cc
            from invoices i join clients c on c.id = i.client_id
            where i.status = 'unpaid' and i.total - i.credit_applied - i.amount_paid > 0 and i.due_date <= @until
            order by i.due_date, i.id
            """, new { until }, cancellationToken: ct))).ToList();
    }

    /// <summary>The one notice due today: the reminder before the due date, or the highest overdue notice reached (after a
    /// pause the client gets the latest notice, not all three at once).</summary>
    async Task<string?> NoticeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OpenInvoice invoice, int overdue, CancellationToken ct)
    {
        string? kind = null;
        string subject = "";
        if (overdue < 0 && options.ReminderDaysBefore > 0 && -overdue <= options.ReminderDaysBefore)
            (kind, subject) = ("reminder", $"Напоминание: счёт № {invoice.Number} нужно оплатить до {BillingPeriod.Format(invoice.DueDate)}");
        else
        {
            int[] thresholds = [options.FirstNoticeDays, options.SecondNoticeDays, options.ThirdNoticeDays];
            for (var level = thresholds.Length; level >= 1 && kind is null; level--)
                if (thresholds[level - 1] > 0 && overdue >= thresholds[level - 1])
                    (kind, subject) = ($"overdue-{level}", $"Счёт № {invoice.Number} просрочен ({level}-е уведомление)");
        }
        if (kind is null) return null;
        var body = string.Create(CultureInfo.InvariantCulture,
            $"{subject}.\n\nСумма к оплате: {Money.Format(invoice.Balance)} руб.\nСрок оплаты: {BillingPeriod.Format(invoice.DueDate)}.\nЕсли счёт уже оплачен, не обращайте внимания на это письмо.");
        var queued = await conn.ExecuteAsync(new CommandDefinition("""
            insert into outgoing_mail (kind, dedupe_key, to_address, cc, subject, body_text, message_id, client_id, attachments, created_at, next_attempt_at)
            values (@mailKind, @dedupe, @Email, @Cc, @subject, @body, @messageId, @ClientId, @attachments::jsonb, @now, @now)
            on conflict (dedupe_key) where dedupe_key is not null do nothing
            """, new
        {
            mailKind = kind == "reminder" ? "invoice_reminder" : "overdue_notice", dedupe = $"invoice:{invoice.Id}:{kind}", invoice.Email, invoice.Cc,
            subject, body, messageId = $"<{Guid.NewGuid():N}@{options.MailDomain}>", invoice.ClientId, now = clock.GetUtcNow().UtcDateTime,
            attachments = await InvoicePdfAsync(conn, tx, invoice, ct),
        }, tx, cancellationToken: ct));
        return queued == 1 ? kind : null;
    }

    /// <summary>
    /// The notice carries the same «Счет на оплату» the client got when it was published. An invoice whose organisation
    /// lost its bank details since (they are checked at publishing) gets its notice without the document rather than none.
    /// </summary>
    static async Task<string> InvoicePdfAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OpenInvoice invoice, CancellationToken ct)
    {
        try
        {
            var document = await Documents.InvoiceDocuments.LoadAsync(conn, tx, invoice.Id, ct);
            return Documents.InvoiceMailer.Attachment(Documents.InvoiceDocuments.FileName(invoice.Number), Documents.InvoicePdf.Render(document));
        }
        catch (InvalidInput)
        {
            return "[]";
        }
    }

    async Task<bool> LateFeeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OpenInvoice invoice, DateOnly date, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select id from invoices where late_fee_for = @Id and status <> 'cancelled'", invoice, tx, cancellationToken: ct)) is not null)
            return false;
        var fee = options.LateFeeKind == "percent" ? Money.Round(invoice.Balance * options.LateFeeValue / 100m) : options.LateFeeValue;
        fee = Math.Max(fee, options.LateFeeMinimum);
        var issuer = await InvoiceWriter.IssuerAsync(conn, tx, invoice.PaymentMethod, ct);
        var line = new InvoiceLine(LineKind.LateFee, $"Пени за просрочку оплаты счёта № {invoice.Number}", fee);
        await tx.SaveAsync("late_fee", ct);
        try
        {
            var id = await InvoiceWriter.InsertAsync(conn, tx, invoice.ClientId, issuer, "late_fee", date, date, [line], null, ct);
            await conn.ExecuteAsync(new CommandDefinition("update invoices set late_fee_for = @for where id = @id",
                new { id, @for = invoice.Id }, tx, cancellationToken: ct));
            await InvoiceWriter.PublishAsync(conn, tx, id, clock.GetUtcNow().UtcDateTime, "overdue", ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "invoices_one_late_fee")
        {
            await tx.RollbackAsync("late_fee", ct); // another run charged it a moment ago
            return false;
        }
    }

    /// <summary>Suspends or terminates the services billed on the invoice, with a history row each; a suspension
    /// remembers the invoice, so that paying it brings the service back (<see cref="InvoiceSettlement"/>).</summary>
    Task<int> SetServicesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, OpenInvoice invoice, DateOnly date, string status, string[] from, CancellationToken ct) =>
        conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            with changed as (
                select s.id, s.status from services s
                where s.status = any(@from)
                  and (s.suspend_override_until is null or s.suspend_override_until < @date)
                  and s.id in (select service_id from invoice_lines where invoice_id = @Id and service_id is not null)
                order by s.id for update
            ), updated as (
                update services s set status = @status,
                    suspended_for_invoice = case when @status = 'suspended' then @Id end
                from changed c where s.id = c.id
                returning s.id
            ), history as (
                insert into service_history (service_id, occurred_at, status_from, status_to, reason, invoice_id, changed_by)
                select c.id, @now, c.status, @status, @reason, @Id, 'overdue' from changed c
            )
            select count(*)::int from updated
            """, new
        {
            invoice.Id, date, status, from, now = clock.GetUtcNow().UtcDateTime,
            reason = $"Счёт № {invoice.Number} не оплачен: просрочка {date.DayNumber - invoice.DueDate.DayNumber} дн.",
        }, tx, cancellationToken: ct));

    sealed class OpenInvoice
    {
        public long Id { get; set; }
        public long Number { get; set; }
        public int ClientId { get; set; }
        public string Kind { get; set; } = "";
        public DateOnly DueDate { get; set; }
        public string PaymentMethod { get; set; } = "";
        public decimal Balance { get; set; }
        public string Email { get; set; } = "";
        public string? Cc { get; set; }
        public bool NoLateFee { get; set; }
        public bool NoOverdueNotices { get; set; }
        public bool NoAutoSuspend { get; set; }
    }
}
