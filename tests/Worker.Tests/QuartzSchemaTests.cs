using BackOffice.Ledger.Database;
using BackOffice.Tests.Support;
using BackOffice.Worker.Hosting;
using Dapper;
using Npgsql;

namespace BackOffice.Worker.Tests;

/// <summary>
/// Quartz's create-if-missing script runs under the migration lock on the first start only: a verb or an instance
/// starting beside a running scheduler must not lock the tables that scheduler writes.
/// </summary>
public class QuartzSchemaTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    [Fact]
    public async Task A_start_beside_a_running_scheduler_does_not_wait_on_its_tables()
    {
        await new SchemaMigrator(Db, [new QuartzSchema()]).MigrateAsync();
        Assert.Equal(1, await CountAsync("library_schemas", "name = 'quartz'"));

        // What a scheduler holds while it fires a trigger: row locks on its tables, i.e. ROW EXCLUSIVE on each.
        await using var scheduler = await Db.OpenConnectionAsync();
        await using var firing = await scheduler.BeginTransactionAsync();
        await scheduler.ExecuteAsync("lock table qrtz_triggers, qrtz_fired_triggers in row exclusive mode", transaction: firing);

        // A second start: its script's CREATE INDEX IF NOT EXISTS would wait for a SHARE lock on those tables; the lock
        // timeout turns that wait into the failure this test looks for.
        var waitsNot = new NpgsqlConnectionStringBuilder(ConnectionString) { Options = "-c lock_timeout=3000" }.ConnectionString;
        await using var second = Ledger.Database.Db.CreateDataSource(waitsNot);
        Assert.Empty(await new SchemaMigrator(second, [new QuartzSchema()]).MigrateAsync());
        await firing.RollbackAsync();
    }
}
