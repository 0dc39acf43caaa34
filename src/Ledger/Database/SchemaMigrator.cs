using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Database;

public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>
/// Schema owned by a library (Quartz's job store) that ships its own create-if-missing script: run after the migrations,
/// under the same lock, when the script differs from the one last run on this database (<c>library_schemas</c>). Not on
/// every start: the script's CREATE INDEX IF NOT EXISTS takes a share lock on tables that running instances write.
/// </summary>
public abstract class IdempotentSchema
{
    /// <summary>The library's name in <c>library_schemas</c>.</summary>
    public abstract string Name { get; }

    public abstract IEnumerable<string> Statements();
}

/// <summary>Applies the embedded, ordered <c>Migrations/NNNN_name.sql</c> scripts, each in its own transaction.</summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, IEnumerable<IdempotentSchema>? extensions = null)
{
    // Any constant works; it only has to be the same for every instance. "BOMI" in ASCII.
    const long MigrationLockKey = 0x424F4D49;

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    /// <returns>The migrations this call applied (empty when the schema was already current).</returns>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // The lock is held on this very connection for the whole run, and the journal is read only after it
        // is taken: a second instance starting at the same moment waits here and then finds nothing to do.
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@k)", new { k = MigrationLockKey }, cancellationToken: ct));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                create table if not exists schema_migrations (
                    version    integer primary key,
                    name       text not null,
                    checksum   text not null,
                    applied_at timestamptz not null default now())
                """, cancellationToken: ct));
            var applied = (await conn.QueryAsync<(int Version, string Name, string Checksum)>(
                new CommandDefinition("select version, name, checksum from schema_migrations", cancellationToken: ct)))
                .ToDictionary(r => r.Version);

            var done = new List<Migration>();
            foreach (var m in Embedded)
            {
                if (applied.TryGetValue(m.Version, out var row))
                {
                    if (row.Checksum != m.Checksum)
                        throw new InvalidOperationException(
                            $"Migration {m.Version:D4}_{m.Name} was changed after it was applied (checksum differs). " +
                            "Applied scripts must never be edited: add a new migration instead.");
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync(ct);
                await conn.ExecuteAsync(new CommandDefinition(m.Sql, transaction: tx, cancellationToken: ct, commandTimeout: 600));
                await conn.ExecuteAsync(new CommandDefinition(
                    "insert into schema_migrations (version, name, checksum) values (@Version, @Name, @Checksum)",
                    m, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                done.Add(m);
            }
            foreach (var extension in extensions ?? [])
                await ApplyLibrarySchemaAsync(conn, extension, ct);
            var unknown = applied.Keys.Except(Embedded.Select(m => m.Version)).ToList();
            if (unknown.Count > 0)
                throw new InvalidOperationException(
                    $"The database has migration(s) {string.Join(", ", unknown)} that this build does not know: it is older than the database.");
            return done;
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@k)", new { k = MigrationLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>A library's script, run and recorded when its checksum is not the one recorded (first start, or a new version).</summary>
    static async Task ApplyLibrarySchemaAsync(NpgsqlConnection conn, IdempotentSchema library, CancellationToken ct)
    {
        var statements = library.Statements().ToList();
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n;\n", statements))));
        var recorded = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select checksum from library_schemas where name = @Name", new { library.Name }, cancellationToken: ct));
        if (recorded == checksum)
            return;
        foreach (var statement in statements)
            await conn.ExecuteAsync(new CommandDefinition(statement, cancellationToken: ct, commandTimeout: 600));
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into library_schemas (name, checksum) values (@Name, @checksum)
            on conflict (name) do update set checksum = excluded.checksum, applied_at = now()
            """, new { library.Name, checksum }, cancellationToken: ct));
    }

    static IReadOnlyList<Migration> LoadEmbedded()
    {
        var asm = typeof(SchemaMigrator).Assembly;
        var list = new List<Migration>();
        foreach (var res in asm.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)))
        {
            var file = res["Migrations/".Length..^".sql".Length];
            var sep = file.IndexOf('_');
            if (sep != 4 || !int.TryParse(file[..4], out var version))
                throw new InvalidOperationException($"Migration file name '{file}.sql' must look like 0001_name.sql.");
            using var reader = new StreamReader(asm.GetManifestResourceStream(res)!, Encoding.UTF8);
            list.Add(new Migration(version, file[5..], reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
            if (list[i].Version != i + 1)
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3… without gaps; found {list[i].Version} at place {i + 1}.");
        return list;
    }
}
