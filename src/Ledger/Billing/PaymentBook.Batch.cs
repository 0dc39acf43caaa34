using Npgsql;
using NpgsqlTypes;

namespace BackOffice.Ledger.Billing;

/// <summary>One payment onto one invoice, as many at once are recorded (a chunk of a bank statement).</summary>
public sealed record PaymentOnto(long InvoiceId, PaymentInput Payment);

public sealed partial class PaymentBook
{
    /// <summary>
    /// Many payments in the caller's transaction, with the same result as <see cref="RecordAsync(NpgsqlConnection, NpgsqlTransaction, long, PaymentInput, string, CancellationToken)"/>
    /// called for each in turn: each onto what the earlier ones left due, the rest to credit, an invoice paid in full settled.
    /// Locks follow <see cref="LockOrder"/>: the invoices' clients ascending, then the invoices ascending, in one round trip; the
    /// writes go in one more. Settling an invoice that shares a service with another paid here, or that carries a pending
    /// service change, is left to <see cref="InvoiceSettlement.MarkPaidAsync"/> one invoice at a time, in payment order.
    /// </summary>
    public async Task<IReadOnlyList<PaymentApplied>> RecordManyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<PaymentOnto> payments,
        string by, CancellationToken ct = default)
    {
        if (payments.Count == 0) return [];
        foreach (var p in payments)
        {
            EnsureAmount(p.Payment.Amount, "A payment");
            if (string.IsNullOrWhiteSpace(p.Payment.Method))
                throw new InvalidInput("method", "A payment needs a method (bank transfer, card, cash…).");
        }

        var invoiceIds = payments.Select(p => p.InvoiceId).Distinct().Order().ToArray();
        var (invoices, touches, paymentIds) = await LockManyAsync(conn, tx, invoiceIds, payments.Count, ct);

        var applied = new List<PaymentApplied>(payments.Count);
        var credit = new List<(int ClientId, DateOnly On, decimal Amount, string Reason, long InvoiceId, long PaymentId)>();
        var paid = new List<(long InvoiceId, DateOnly On)>();
        for (var n = 0; n < payments.Count; n++)
        {
            var (invoiceId, payment) = payments[n];
            var invoice = invoices.GetValueOrDefault(invoiceId) ?? throw new NotFound($"There is no invoice with id {invoiceId}.");
            EnsurePayable(invoice);
            var due = invoice.BalanceDue;
            var toInvoice = Math.Min(payment.Amount, due);
            var toCredit = payment.Amount - toInvoice;
            invoice.AmountPaid += toInvoice;
            if (toCredit != 0)
                credit.Add((invoice.ClientId, payment.Date, toCredit, $"Переплата по счёту № {invoice.Number}", invoiceId, paymentIds[n]));
            if (toInvoice == due)
            {
                invoice.Status = "paid";
                paid.Add((invoiceId, payment.Date));
            }
            applied.Add(new PaymentApplied(paymentIds[n], toInvoice, toCredit));
        }

        // A service two paid invoices bill, or a pending change, makes the order of settling matter: those go one by one.
        var serviceUse = paid.SelectMany(p => touches.GetValueOrDefault(p.InvoiceId)?.Services ?? []).CountBy(s => s).Where(s => s.Value > 1)
            .Select(s => s.Key).ToHashSet();
        var oneByOne = paid.Where(p => touches.GetValueOrDefault(p.InvoiceId) is { } t && (t.PendingChange || t.Services.Any(serviceUse.Contains))).ToList();
        var together = paid.Except(oneByOne).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        await WriteManyAsync(conn, tx, payments, invoices, applied, credit, together, by, now, ct);
        foreach (var (invoiceId, on) in oneByOne)
            await InvoiceSettlement.MarkPaidAsync(conn, tx, invoiceId, on, now, ct);
        return applied;
    }

    sealed record Touches(long[] Services, bool PendingChange);

    static async Task<(Dictionary<long, Invoice> Invoices, Dictionary<long, Touches> Touches, long[] PaymentIds)> LockManyAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, long[] invoiceIds, int count, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    select 1 from clients where id in (select client_id from invoices where id = any($1)) order by id for update
                    """) { Parameters = { new NpgsqlParameter<long[]> { TypedValue = invoiceIds } } },
                new NpgsqlBatchCommand("""
                    select id, number, client_id, status, total, credit_applied, amount_paid from invoices where id = any($1) order by id for update
                    """) { Parameters = { new NpgsqlParameter<long[]> { TypedValue = invoiceIds } } },
                new NpgsqlBatchCommand("""
                    select i.id,
                           array(select distinct service_id from invoice_lines l where l.invoice_id = i.id and l.service_id is not null
                                 union select service_id from service_changes c where c.invoice_id = i.id and c.status = 'pending'),
                           exists (select 1 from service_changes c where c.invoice_id = i.id and c.status = 'pending')
                    from unnest($1) as i(id)
                    """) { Parameters = { new NpgsqlParameter<long[]> { TypedValue = invoiceIds } } },
                new NpgsqlBatchCommand("select nextval(pg_get_serial_sequence('payments', 'id')) from generate_series(1, $1)")
                    { Parameters = { new NpgsqlParameter<int> { TypedValue = count } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) { }
        await reader.NextResultAsync(ct);
        var invoices = new Dictionary<long, Invoice>(invoiceIds.Length);
        while (await reader.ReadAsync(ct))
            invoices[reader.GetInt64(0)] = new Invoice
            {
                Id = reader.GetInt64(0), Number = reader.IsDBNull(1) ? null : reader.GetInt64(1), ClientId = reader.GetInt32(2),
                Status = reader.GetString(3), Total = reader.GetDecimal(4), CreditApplied = reader.GetDecimal(5), AmountPaid = reader.GetDecimal(6),
            };
        await reader.NextResultAsync(ct);
        var touches = new Dictionary<long, Touches>(invoiceIds.Length);
        while (await reader.ReadAsync(ct))
            touches[reader.GetInt64(0)] = new Touches(reader.GetFieldValue<int[]>(1).Select(s => (long)s).ToArray(), reader.GetBoolean(2));
        await reader.NextResultAsync(ct);
        var ids = new long[count];
        for (var n = 0; n < count && await reader.ReadAsync(ct); n++)
            ids[n] = reader.GetInt64(0);
        return (invoices, touches, ids);
    }

    static async Task WriteManyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<PaymentOnto> payments,
        IReadOnlyDictionary<long, Invoice> invoices, IReadOnlyList<PaymentApplied> applied,
        IReadOnlyList<(int ClientId, DateOnly On, decimal Amount, string Reason, long InvoiceId, long PaymentId)> credit,
        IReadOnlyList<(long InvoiceId, DateOnly On)> paid, string by, DateTime now, CancellationToken ct)
    {
        var added = new Dictionary<long, decimal>();
        for (var n = 0; n < payments.Count; n++)
            added[payments[n].InvoiceId] = added.GetValueOrDefault(payments[n].InvoiceId) + applied[n].ToInvoice;
        var creditByClient = credit.GroupBy(c => c.ClientId).Select(g => (Id: g.Key, Amount: g.Sum(c => c.Amount))).ToList();

        await using var batch = new NpgsqlBatch(conn, tx);
        batch.BatchCommands.Add(Command("""
            insert into payments (id, client_id, invoice_id, kind, paid_on, amount, method, reference, created_by, created_at)
            select p.id, p.client_id, p.invoice_id, 'payment', p.paid_on, p.amount, p.method, p.reference, $8, $9
            from unnest($1, $2, $3, $4, $5, $6, $7) as p(id, client_id, invoice_id, paid_on, amount, method, reference)
            """,
            Param(applied.Select(a => a.PaymentId).ToArray()), Param(payments.Select(p => invoices[p.InvoiceId].ClientId).ToArray()), Param(payments.Select(p => p.InvoiceId).ToArray()),
            Param(payments.Select(p => p.Payment.Date).ToArray()), Param(payments.Select(p => p.Payment.Amount).ToArray()),
            Param(payments.Select(p => p.Payment.Method.Trim()).ToArray()), Param(payments.Select(p => p.Payment.Reference).ToArray()),
            Param(by), new NpgsqlParameter<DateTime>{ NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = now }));
        // What was paid and, for an invoice settled here, its status and paid date in one update (AddMarkPaidMany counts on it):
        // a second update of the same rows wrote each paid invoice twice, and its index entries with it (bench/BankImport: 2 s of 27).
        var paidOn = paid.ToDictionary(p => p.InvoiceId, p => p.On);
        var paidIds = added.Keys.ToArray();
        batch.BatchCommands.Add(Command("""
            update invoices i set amount_paid = i.amount_paid + u.amount,
                status = case when u.paid then 'paid' else i.status end, paid_date = case when u.paid then u.paid_date else i.paid_date end
            from unnest($1, $2, $3, $4) as u(id, amount, paid, paid_date) where i.id = u.id
            """, Param(paidIds), Param(paidIds.Select(id => added[id]).ToArray()), Param(paidIds.Select(paidOn.ContainsKey).ToArray()),
            Param(paidIds.Select(id => paidOn.TryGetValue(id, out var on) ? on : default).ToArray())));
        if (credit.Count > 0)
        {
            batch.BatchCommands.Add(Command("""
                insert into credit_ledger (client_id, occurred_on, amount, reason, invoice_id, payment_id, created_by)
                select c.client_id, c.occurred_on, c.amount, c.reason, c.invoice_id, c.payment_id, $7
                from unnest($1, $2, $3, $4, $5, $6) with ordinality as c(client_id, occurred_on, amount, reason, invoice_id, payment_id, ord)
                order by c.ord
                """, Param(credit.Select(c => c.ClientId).ToArray()), Param(credit.Select(c => c.On).ToArray()), Param(credit.Select(c => c.Amount).ToArray()),
                Param(credit.Select(c => c.Reason).ToArray()), Param(credit.Select(c => c.InvoiceId).ToArray()),
                Param(credit.Select(c => c.PaymentId).ToArray()), Param(by)));
            batch.BatchCommands.Add(Command("""
                update clients c set credit_balance = c.credit_balance + u.amount from unnest($1, $2) as u(id, amount) where c.id = u.id
                """, Param(creditByClient.Select(c => c.Id).ToArray()), Param(creditByClient.Select(c => c.Amount).ToArray())));
        }
        if (paid.Count > 0)
            InvoiceSettlement.AddMarkPaidMany(batch, paid.Select(p => p.InvoiceId).ToArray(), paid.Select(p => p.On).ToArray(), now);
        await batch.ExecuteNonQueryAsync(ct);
    }

    internal static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    internal static NpgsqlParameter Param<T>(T value) => new NpgsqlParameter<T> { TypedValue = value };
}
