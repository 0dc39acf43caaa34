using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Tickets.Sla;

/// <summary>State: running, due soon, breached or paused; WorkingMinutes left (negative once breached).</summary>
public sealed record SlaCountdown(string State, int WorkingMinutes);

/// <summary>
/// The answer clock of a ticket: a client message starts it (due = TargetMinutes of working time later) unless it already
/// runs for an earlier unanswered message; a staff answer stops it and records the first response; on hold pauses it
/// (waiting on the client or a third party does not count) and a return to work resumes it with the minutes that were left.
/// </summary>
public sealed class SlaClock(IOptions<SlaOptions> options)
{
    WorkingCalendar? _calendar;
    public WorkingCalendar Calendar => _calendar ??= new WorkingCalendar(options.Value);
    SlaOptions O => options.Value;

    public DateTime WarnBefore(DateTime nowUtc) => nowUtc.AddMinutes(O.WarnMinutes);

    /// <summary>Where a ticket's clock stands now: working minutes left to the due time (negative: how long past it),
    /// or the minutes it had left when it was paused; null when no clock runs. "due soon" is within WarnMinutes, as the
    /// desk-tick warning and `tickets list --breaching` count it.</summary>
    public SlaCountdown? Countdown(DateTime? dueAt, int? pausedMinutes, DateTime nowUtc)
    {
        if (dueAt is { } due)
            return due <= nowUtc
                ? new SlaCountdown("breached", -Calendar.WorkingMinutesBetween(due, nowUtc))
                : new SlaCountdown(due <= WarnBefore(nowUtc) ? "due soon" : "running", Calendar.WorkingMinutesBetween(nowUtc, due));
        return pausedMinutes is { } left ? new SlaCountdown("paused", left) : null;
    }

    public Task ClientMessageAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ticketId, DateTime at, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            update tickets set sla_started_at = @at, sla_due_at = @due, sla_paused_minutes = null
            where id = @ticketId and sla_due_at is null and status <> 'on_hold'
            """, new { ticketId, at, due = Calendar.AddWorkingMinutes(at, O.TargetMinutes) }, tx, cancellationToken: ct));

    public async Task StaffAnsweredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ticketId, DateTime at, CancellationToken ct)
    {
        var createdAt = await conn.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            "select created_at from tickets where id = @ticketId", new { ticketId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            update tickets set sla_due_at = null, sla_paused_minutes = null,
                first_response_at = coalesce(first_response_at, @at),
                first_response_minutes = coalesce(first_response_minutes, @minutes)
            where id = @ticketId
            """, new { ticketId, at, minutes = Calendar.WorkingMinutesBetween(createdAt, at) }, tx, cancellationToken: ct));
    }

    public async Task ClosedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ticketId, DateTime at, CancellationToken ct)
    {
        var createdAt = await conn.ExecuteScalarAsync<DateTime>(new CommandDefinition(
            "select created_at from tickets where id = @ticketId", new { ticketId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            update tickets set sla_due_at = null, sla_paused_minutes = null, resolved_at = @at, resolution_minutes = @minutes where id = @ticketId
            """, new { ticketId, at, minutes = Calendar.WorkingMinutesBetween(createdAt, at) }, tx, cancellationToken: ct));
    }

    public async Task StatusChangedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long ticketId, string status, DateTime at, CancellationToken ct)
    {
        var row = await conn.QuerySingleAsync<(DateTime? Due, int? Paused)>(new CommandDefinition(
            "select sla_due_at, sla_paused_minutes from tickets where id = @ticketId", new { ticketId }, tx, cancellationToken: ct));
        if (status == "on_hold" && row.Due is { } due)
            await conn.ExecuteAsync(new CommandDefinition(
                "update tickets set sla_due_at = null, sla_paused_minutes = @left where id = @ticketId",
                new { ticketId, left = Math.Max(0, Calendar.WorkingMinutesBetween(at, due)) }, tx, cancellationToken: ct));
        else if (status != "on_hold" && row.Paused is { } left)
            await conn.ExecuteAsync(new CommandDefinition(
                "update tickets set sla_due_at = @due, sla_paused_minutes = null where id = @ticketId",
                new { ticketId, due = Calendar.AddWorkingMinutes(at, left) }, tx, cancellationToken: ct));
    }
}
