using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Tickets.Desk;

/// <summary>
/// The billing engine's 'service.upgrade_paid' events become internal tickets to Technical Support, the way the seed's
/// staff opened "дисковое пространство + 5 гб" with the body "Δ 5-10" by hand. The ticket and the event's processed mark
/// commit together; rows are claimed with SKIP LOCKED, so each event makes one ticket whatever runs it.
/// </summary>
public sealed class UpgradeTickets(NpgsqlDataSource db, IOptions<MailOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<int>> ProcessAsync(CancellationToken ct)
    {
        var made = new List<int>();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var events = (await conn.QueryAsync<(long Id, string Kind, string Payload)>(new CommandDefinition("""
            select id, kind, payload::text from outbox
            where destination = 'tickets' and processed_at is null
            order by id limit 100 for update skip locked
            """, transaction: tx, cancellationToken: ct))).ToList();
        foreach (var e in events)
        {
            if (e.Kind == "service.upgrade_paid") made.Add(await OpenAsync(conn, tx, e.Payload, now, ct));
            await conn.ExecuteAsync(new CommandDefinition(
                "update outbox set processed_at = @now, attempts = attempts + 1, last_error = @note where id = @Id",
                new { e.Id, now, note = e.Kind == "service.upgrade_paid" ? null : $"no ticket for {e.Kind}" }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return made;
    }

    async Task<int> OpenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string payload, DateTime now, CancellationToken ct)
    {
        var p = JsonSerializer.Deserialize<UpgradePaid>(payload, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var department = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            with made as (insert into departments (name) values (@name) on conflict (name) do nothing returning id)
            select id from made union all select id from departments where name = @name limit 1
            """, new { name = options.Value.UpgradeDepartment }, tx, cancellationToken: ct));
        var changes = p.Options.Select(o => $"{o.Name} {o.Before} → {o.After}").ToList();
        if (p.ProductBefore?.Name is { } was && p.ProductAfter?.Name is { } now2 && was != now2) changes.Insert(0, $"{was} → {now2}");
        var subject = $"{p.ProductName}: {(changes.Count > 0 ? string.Join("; ", changes) : "изменение услуги")}";
        var body = new StringBuilder(p.Delta).Append("\n\n")
            .Append($"Клиент #{p.ClientId}, услуга #{p.ServiceId} «{p.ProductName}»: оплачено изменение (заказ изменения #{p.ChangeId}).");
        var ticket = await TicketStore.CreateAsync(conn, tx, new NewTicket(subject, department, p.ClientId, "internal", false, null, false, null), now, "billing", ct);
        await TicketStore.AddMessageAsync(conn, tx, ticket.Id, new NewMessage("note", body.ToString(), Subject: subject), now, ct);
        return ticket.Number;
    }

    sealed record UpgradePaid(int ServiceId, int ClientId, string ProductName, int ChangeId, string Delta, List<OptionChange> Options,
        ProductRef? ProductBefore, ProductRef? ProductAfter);

    sealed record OptionChange(int OptionId, string Name, int Before, int After);

    sealed record ProductRef(int? Id, string? Name);
}
