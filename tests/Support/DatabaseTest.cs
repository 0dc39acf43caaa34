using BackOffice.Ledger.Database;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace BackOffice.Tests.Support;

/// <summary>Base for tests that need the database: each test gets a fresh database made from the migrated template (or one a test class names).</summary>
public abstract class DatabaseTest(PostgresCluster cluster) : IAsyncLifetime
{
    protected PostgresCluster Cluster { get; } = cluster;
    protected string ConnectionString { get; private set; } = "";
    protected NpgsqlDataSource Db { get; private set; } = null!;

    /// <summary>Tests start at a fixed instant; move it with Clock.Advance / SetUtcNow.</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero)); // 09:00 in Moscow

    /// <summary>The database each test's own one is copied from: by default the migrated, empty template.</summary>
    protected virtual Task<string?> TemplateAsync() => Task.FromResult<string?>(null);

    public virtual async ValueTask InitializeAsync()
    {
        ConnectionString = await Cluster.CreateDatabaseAsync(await TemplateAsync());
        Db = BackOffice.Ledger.Database.Db.CreateDataSource(ConnectionString);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await Cluster.DropDatabaseAsync(ConnectionString);
        GC.SuppressFinalize(this);
    }

    protected async Task<long> CountAsync(string table, string where = "true")
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>($"select count(*) from {table} where {where}");
    }

    /// <summary>Until this many other sessions of the test's database wait for a lock (bounded: 30 s).</summary>
    protected async Task WaitingForLocksAsync(int sessions)
    {
        await using var conn = await Db.OpenConnectionAsync();
        for (var i = 0; i < 300; i++)
        {
            if (await conn.ExecuteScalarAsync<int>(
                    "select count(*)::int from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") >= sessions)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Fewer than {sessions} session(s) waited for a lock within 30 s.");
    }

    /// <summary>A fingerprint of every ledger table's rows: equal before and after means nothing changed.</summary>
    protected async Task<string> SnapshotAsync(params string[] tables)
    {
        await using var conn = await Db.OpenConnectionAsync();
        var parts = new List<string>();
        foreach (var t in tables)
            parts.Add(t + ":" + await conn.ExecuteScalarAsync<string>($"select coalesce(md5(string_agg(x::text, '|' order by x::text)), '-') from {t} x"));
        return string.Join("\n", parts);
    }
}
