using Dapper;
using Npgsql;

namespace BackOffice.Worker.Jobs;

/// <summary>
/// Claims a scheduled firing in job_runs before its work starts: across instances each (job, scheduled time) runs once.
/// A crash after the claim loses that tick; every job here is written so that its next firing catches up.
/// </summary>
public sealed class JobTickets(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<long?> TryClaimAsync(string job, DateTimeOffset scheduledFor, string fireId, string instance, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
            insert into job_runs (job_name, fire_id, scheduled_for, instance, started_at)
            values (@job, @fireId, @scheduledFor, @instance, @now)
            on conflict do nothing
            returning id
            """, new { job, fireId, scheduledFor = scheduledFor.UtcDateTime, instance, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }


    public async Task FinishAsync(long runId, string outcome, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update job_runs set finished_at = @now, outcome = @outcome where id = @runId",
            new { runId, outcome, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }
}
