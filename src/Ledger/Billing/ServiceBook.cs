using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Billing;

public sealed class ServiceRow
{
    public int Id { get; init; }
    public int ClientId { get; init; }
    public int ProductId { get; init; }
    public string Product { get; init; } = "";
    public string Cycle { get; init; } = "";
    public decimal RecurringAmount { get; init; }
    public DateOnly RegistrationDate { get; init; }
    public DateOnly? NextDueDate { get; init; }
    public string Status { get; init; } = "";
    public DateOnly? SuspendOverrideUntil { get; init; }
    public string? Options { get; init; }
}

public sealed record HeldOption(int OptionId, string Name, int Quantity, string Unit);

/// <summary>One thing that happened to a service: a hand change with its reason, an upgrade, or an invoice that billed it.</summary>
public sealed record ServiceHistoryEntry(DateTime At, string What, string? Reason, string? By);

public sealed record ServiceDetail(ServiceRow Service, string ClientName, IReadOnlyList<HeldOption> Options, IReadOnlyList<ServiceHistoryEntry> History);

public sealed record ServiceChange(int ServiceId, string StatusBefore, string StatusAfter, DateOnly? SuspendOverrideUntil, bool DryRun);

/// <summary>
/// Services by hand (SPEC §1 "Products and services"): suspend, unsuspend, terminate, or no automatic suspension until a
/// date. Each change names a reason, is kept in service_history (beside the overdue run's and payments' changes), and the ticket module is told through the outbox.
/// </summary>
public sealed class ServiceBook(NpgsqlDataSource db, TimeProvider clock)
{
    const string SelectService = """
        select s.id, s.client_id, s.product_id, p.name as product, s.billing_cycle as cycle, s.recurring_amount, s.registration_date,
               s.next_due_date, s.status, s.suspend_override_until,
               (select string_agg(o.name || ': ' || so.quantity, '; ' order by o.sort, o.id)
                from service_options so join config_options o on o.id = so.option_id where so.service_id = s.id and so.quantity > 0) as options
        from services s join products p on p.id = s.product_id
        """;

    public async Task<IReadOnlyList<ServiceRow>> ListAsync(int clientId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await EnsureClientAsync(conn, clientId, ct);
        return (await conn.QueryAsync<ServiceRow>(new CommandDefinition(SelectService + " where s.client_id = @clientId order by s.id",
            new { clientId }, cancellationToken: ct))).ToList();
    }

    public async Task<ServiceDetail> ShowAsync(int serviceId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var service = await conn.QuerySingleOrDefaultAsync<ServiceRow>(new CommandDefinition(SelectService + " where s.id = @serviceId",
                          new { serviceId }, cancellationToken: ct)) ?? throw new NotFound($"There is no service #{serviceId}.");
        var client = await conn.ExecuteScalarAsync<string>(new CommandDefinition(
            "select coalesce(nullif(company_name, ''), trim(first_name || ' ' || last_name)) from clients where id = @ClientId", service, cancellationToken: ct));
        var options = (await conn.QueryAsync<HeldOption>(new CommandDefinition("""
            select o.id as option_id, o.name, so.quantity, o.unit_name as unit from service_options so join config_options o on o.id = so.option_id
            where so.service_id = @serviceId order by o.sort, o.id
            """, new { serviceId }, cancellationToken: ct))).ToList();
        var history = (await conn.QueryAsync<ServiceHistoryEntry>(new CommandDefinition("""
            select occurred_at as at, case when status_from = status_to then 'override' else status_from || ' → ' || status_to end as what,
                   reason, changed_by as by
            from service_history where service_id = @serviceId
            union all
            select c.created_at, 'change ' || c.status || coalesce(' → product #' || c.new_product_id, '') || coalesce(' → ' || c.new_cycle, '')
                   || ' (order ' || o.order_number || ')', null, null
            from service_changes c join orders o on o.id = c.order_id where c.service_id = @serviceId
            union all
            select coalesce(i.published_at, i.created_at), 'invoice ' || coalesce('№ ' || i.number, 'draft #' || i.id) || ' ' || i.status
                   || coalesce(' ' || to_char(l.period_start, 'DD.MM.YYYY') || '–' || to_char(l.period_end, 'DD.MM.YYYY'), ''), null, null
            from invoice_lines l join invoices i on i.id = l.invoice_id where l.service_id = @serviceId and l.adds_to_total
            order by 1
            """, new { serviceId }, cancellationToken: ct))).ToList();
        return new ServiceDetail(service, client ?? "", options, history);
    }

    public Task<ServiceChange> SuspendAsync(int serviceId, string reason, string by, bool dryRun, CancellationToken ct = default) =>
        ChangeAsync(serviceId, "suspended", reason, by, dryRun, ct, status => status switch
        {
            "active" => "suspended",
            "suspended" => throw new Conflict($"Service #{serviceId} is already suspended."),
            _ => throw new Conflict($"Service #{serviceId} is {status}; only an active service can be suspended."),
        });

    public Task<ServiceChange> UnsuspendAsync(int serviceId, string reason, string by, bool dryRun, CancellationToken ct = default) =>
        ChangeAsync(serviceId, "unsuspended", reason, by, dryRun, ct, status => status switch
        {
            "suspended" => "active",
            "terminated" => throw new Conflict($"Service #{serviceId} is terminated; a terminated service is not unsuspended — order it again."),
            _ => throw new Conflict($"Service #{serviceId} is {status}, not suspended."),
        });

    public Task<ServiceChange> TerminateAsync(int serviceId, string reason, string by, bool dryRun, CancellationToken ct = default) =>
        ChangeAsync(serviceId, "terminated", reason, by, dryRun, ct, status => status switch
        {
            "active" or "suspended" => "terminated",
            _ => throw new Conflict($"Service #{serviceId} is {status}; only an active or suspended service can be terminated."),
        });

    /// <summary>"Не приостанавливать до": the overdue run leaves the service alone until this date (null clears it).</summary>
    public Task<ServiceChange> OverrideAsync(int serviceId, DateOnly? until, string reason, string by, bool dryRun, CancellationToken ct = default) =>
        ChangeAsync(serviceId, "override", reason, by, dryRun, ct, status => status, until, setOverride: true);

    Task<ServiceChange> ChangeAsync(int serviceId, string action, string reason, string by, bool dryRun, CancellationToken ct,
        Func<string, string> next, DateOnly? until = null, bool setOverride = false)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new InvalidInput("reason", "Say why (--reason).");
        return Rehearsal.RunAsync(db, dryRun, async (conn, tx) =>
        {
            var (status, overrideUntil) = await conn.QuerySingleOrDefaultAsync<(string, DateOnly?)?>(new CommandDefinition(
                "select status, suspend_override_until from services where id = @serviceId for update", new { serviceId }, tx, cancellationToken: ct))
                ?? throw new NotFound($"There is no service #{serviceId}.");
            var after = next(status);
            var newOverride = setOverride ? until : overrideUntil;
            var now = clock.GetUtcNow().UtcDateTime;
            // A change by hand is staff's decision: no invoice owns it any more, so paying one never undoes it.
            await conn.ExecuteAsync(new CommandDefinition("""
                update services set status = @after, suspend_override_until = @newOverride,
                    suspended_for_invoice = case when @after = status then suspended_for_invoice end,
                    terminate_reason = case when @after = 'terminated' then @reason else terminate_reason end
                where id = @serviceId;
                insert into service_history (service_id, occurred_at, status_from, status_to, reason, changed_by)
                values (@serviceId, @now, @status, @after, @historyReason, @by);
                """, new
            {
                serviceId, status, after, newOverride, reason = reason.Trim(), now, by,
                historyReason = action == "override"
                    ? (newOverride is { } d ? $"Не приостанавливать до {BackOffice.Ledger.Text.BusinessText.FormatDate(d)}: " : "Не приостанавливать — снято: ") + reason.Trim()
                    : reason.Trim(),
            }, tx, cancellationToken: ct));
            await Outbox.WriteAsync(conn, tx, "tickets", $"service.{action}", serviceId,
                new { serviceId, before = status, after, suspendOverrideUntil = newOverride, reason = reason.Trim(), by }, ct);
            return new ServiceChange(serviceId, status, after, newOverride, dryRun);
        }, ct);
    }

    static async Task EnsureClientAsync(NpgsqlConnection conn, int clientId, CancellationToken ct)
    {
        if (await conn.ExecuteScalarAsync<int?>(new CommandDefinition("select 1 from clients where id = @clientId", new { clientId }, cancellationToken: ct)) is null)
            throw new NotFound($"There is no client #{clientId}.");
    }
}
