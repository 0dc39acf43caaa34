using Dapper;
using Npgsql;

namespace BackOffice.Sync.Accounting;

/// <summary>onec_problems: at most one open problem per client, and one for the settings; a success closes them.</summary>
public sealed class ProblemBook(NpgsqlDataSource db)
{
    public async Task OpenForClientAsync(int clientId, ClientProblem problem, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into onec_problems (client_id, kind, message, fix, first_seen, last_seen)
            values (@clientId, @Kind, @Message, @Fix, @now, @now)
            on conflict (client_id) where resolved_at is null and client_id is not null
            do update set kind = excluded.kind, message = excluded.message, fix = excluded.fix, last_seen = excluded.last_seen,
                          first_seen = case when onec_problems.kind = excluded.kind then onec_problems.first_seen else excluded.first_seen end
            """, new { clientId, problem.Kind, problem.Message, problem.Fix, now }, cancellationToken: ct));
    }

    public async Task ResolveClientAsync(int clientId, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update onec_problems set resolved_at = @now where client_id = @clientId and resolved_at is null",
            new { clientId, now }, cancellationToken: ct));
    }

    public async Task OpenSettingAsync(string message, DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into onec_problems (client_id, kind, message, fix, first_seen, last_seen)
            values (null, 'configuration', @message, 'Correct the setting named in the message; the relay stops at the first such answer and tries again on its next run.', @now, @now)
            on conflict (kind) where resolved_at is null and client_id is null
            do update set message = excluded.message, last_seen = excluded.last_seen;
            update onec_sync_state set last_error_at = @now, last_error = @message;
            """, new { message, now }, cancellationToken: ct));
    }

    public async Task ResolveSettingAsync(DateTime now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update onec_problems set resolved_at = @now where client_id is null and resolved_at is null",
            new { now }, cancellationToken: ct));
    }
}
