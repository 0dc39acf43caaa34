using BackOffice.Ledger.Database;
using BackOffice.Tests.Support;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Tests.Database;

public class SchemaMigratorTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Two_instances_migrating_one_empty_database_at_once_both_succeed_and_apply_the_schema_once()
    {
        var cs = await cluster.CreateEmptyDatabaseAsync();
        try
        {
            await using var a = Db.CreateDataSource(cs);
            await using var b = Db.CreateDataSource(cs);
            using var start = new ManualResetEventSlim();
            var ta = Task.Run(async () => { start.Wait(); return await new SchemaMigrator(a).MigrateAsync(); });
            var tb = Task.Run(async () => { start.Wait(); return await new SchemaMigrator(b).MigrateAsync(); });
            start.Set();
            var results = await Task.WhenAll(ta, tb);

            // One of them applied everything, the other waited on the lock and found nothing to do.
            Assert.Equal(SchemaMigrator.Embedded.Count, results.Sum(r => r.Count));
            Assert.Contains(results, r => r.Count == 0);
            await using var conn = await a.OpenConnectionAsync();
            Assert.Equal(SchemaMigrator.Embedded.Count, await conn.ExecuteScalarAsync<int>("select count(*) from schema_migrations"));
            Assert.Equal(1, await conn.ExecuteScalarAsync<int>("select count(*) from pg_tables where tablename = 'clients'"));
        }
        finally
        {
            await cluster.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task An_applied_script_that_was_edited_stops_the_migration_with_a_clear_message()
    {
        var cs = await cluster.CreateDatabaseAsync();
        try
        {
            await using var ds = Db.CreateDataSource(cs);
            await using (var conn = await ds.OpenConnectionAsync())
                await conn.ExecuteAsync("update schema_migrations set checksum = 'x' where version = 1");
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(ds).MigrateAsync());
            Assert.Contains("0001_ledger was changed after it was applied", e.Message);
        }
        finally
        {
            await cluster.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task Migrating_a_current_database_does_nothing()
    {
        var cs = await cluster.CreateDatabaseAsync();
        try
        {
            await using var ds = Db.CreateDataSource(cs);
            Assert.Empty(await new SchemaMigrator(ds).MigrateAsync());
        }
        finally
        {
            await cluster.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task A_librarys_schema_script_runs_on_the_first_start_and_again_only_when_it_changes()
    {
        var cs = await cluster.CreateDatabaseAsync();
        try
        {
            await using var ds = Db.CreateDataSource(cs);
            var first = new CountingLibrary("create table if not exists lib_runs (n int)", "insert into lib_runs values (1)");
            await new SchemaMigrator(ds, [first]).MigrateAsync();
            await new SchemaMigrator(ds, [first]).MigrateAsync();
            await using var conn = await ds.OpenConnectionAsync();
            Assert.Equal(1, await conn.ExecuteScalarAsync<int>("select count(*) from lib_runs"));

            var next = new CountingLibrary("create table if not exists lib_runs (n int)", "insert into lib_runs values (2)");
            await new SchemaMigrator(ds, [next]).MigrateAsync();
            await new SchemaMigrator(ds, [next]).MigrateAsync();
            var runs = (await conn.QueryAsync<int>("select n from lib_runs order by n")).ToArray();
            Assert.Equal(new[] { 1, 2 }, runs);
            Assert.Equal(1, await conn.ExecuteScalarAsync<int>("select count(*) from library_schemas where name = 'counting'"));
        }
        finally
        {
            await cluster.DropDatabaseAsync(cs);
        }
    }

    sealed class CountingLibrary(params string[] statements) : IdempotentSchema
    {
        public override string Name => "counting";
        public override IEnumerable<string> Statements() => statements;
    }

    [Fact]
    public async Task An_unreachable_database_is_reported_with_host_port_and_the_run_command()
    {
        await using var ds = Db.CreateDataSource("Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Timeout=2");
        var e = await Assert.ThrowsAsync<DatabaseUnreachable>(() => Db.EnsureReachableAsync(ds, CancellationToken.None));
        Assert.Contains("127.0.0.1:1", e.Message);
        Assert.Contains("./run.sh", e.Message);
    }

    [Theory]
    [InlineData(null, "is missing")]
    [InlineData("", "is missing")]
    [InlineData("Hots=x;Port=1", "cannot be read")]
    [InlineData("Port=5432;Database=x", "has no Host")]
    public void A_bad_connection_string_names_the_key(string? value, string expected)
    {
        var e = Assert.Throws<ConfigurationProblem>(() => Db.ParseConnectionString(value));
        Assert.Contains("ConnectionStrings:BackOffice", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
