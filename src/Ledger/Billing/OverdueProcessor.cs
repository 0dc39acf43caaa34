using System.Globalization;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

/// <summary>What an overdue run did.</summary>
public sealed record OverdueResult(int Reminders, int Notices, int LateFees, int Suspended, int Terminated);

/// <summary>
/// The overdue steps for unpaid invoices on a date (SPEC §1): a reminder before the due date, the 1st/2nd/3rd notice,
/// a late fee, suspension and termination of the services billed on the invoice. Notices are queued in outgoing_mail
/// under a dedupe key and late fees are guarded by a unique index, so running twice, or twice at once, adds nothing.
/// Clients flagged "no notices", "no late fee", "do not suspend", and services with a suspension override are skipped.
/// </summary>
public sealed class OverdueProcessor(NpgsqlDataSource db, TimeProvider clock, BillingOptions options)
{
    /// <summary>Each invoice's steps run and are rolled back: the counts say what a real run would do.</summary>
    public bool DryRun { get; init; }

    public async Task<OverdueResult> RunAsync(DateOnly date, CancellationToken ct = default)
    {
        options.EnsureValid();
        var counts = new int[5];
        foreach (var invoice in await OpenInvoicesAsync(date.AddDays(options.ReminderDaysBefore), ct))
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            // Invoice, then client: the order payments take, so that an overlapping run or payment waits instead of deadlocking.
            var current = await InvoiceWriter.LockAsync(conn, tx, invoice.Id, ct);
            if (current.Status != "unpaid" || current.BalanceDue <= 0) continue;
            await conn.ExecuteAsync(new CommandDefinition("select 1 from clients where id = @ClientId for update", invoice, tx, cancellationToken: ct));
            var overdue = date.DayNumber - invoice.DueDate.DayNumber;
            if (!invoice.NoOverdueNotices && await NoticeAsync(conn, tx, invoice, overdue, ct) is { } kind)
                counts[kind == "reminder" ? 0 : 1]++;
            if (!invoice.NoLateFee && invoice.Kind != "late_fee" && options.LateFeeValue > 0 && overdue >= Math.Max(options.LateFeeDays, 1)
                && await LateFeeAsync(conn, tx, invoice, date, ct))
                counts[2]++;
            if (!invoice.NoAutoSuspend)
            {
                if (options.SuspendDays > 0 && overdue >= options.SuspendDays)
                    counts[3] += await SetServicesAsync(conn, tx, invoice.Id, date, "suspended", ["active"], ct);
                if (options.TerminateDays > 0 && overdue >= options.TerminateDays)
                    counts[4] += await SetServicesAsync(conn, tx, invoice.Id, date, "terminated", ["active", "suspended"], ct);
            }
            await tx.FinishAsync(DryRun, ct);
        }
        return new OverdueResult(counts[0], counts[1], counts[2], counts[3], counts[4]);
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
            insert into outgoing_mail (kind, dedupe_key, to_address, cc, subject, body_text, message_id, client_id, created_at, next_attempt_at)
            values (@mailKind, @dedupe, @Email, @Cc, @subject, @body, @messageId, @ClientId, @now, @now)
            on conflict (dedupe_key) where dedupe_key is not null do nothing
            """, new
        {
            mailKind = kind == "reminder" ? "invoice_reminder" : "overdue_notice", dedupe = $"invoice:{invoice.Id}:{kind}", invoice.Email, invoice.Cc,
            subject, body, messageId = $"<{Guid.NewGuid():N}@{options.MailDomain}>", invoice.ClientId, now = clock.GetUtcNow().UtcDateTime,
        }, tx, cancellationToken: ct));
        return queued == 1 ? kind : null;
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

    static Task<int> SetServicesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long invoiceId, DateOnly date, string status, string[] from, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            update services s set status = @status
            where s.status = any(@from)
              and (s.suspend_override_until is null or s.suspend_override_until < @date)
              and s.id in (select service_id from invoice_lines where invoice_id = @invoiceId and service_id is not null)
            """, new { invoiceId, date, status, from }, tx, cancellationToken: ct));

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
