using BackOffice.Ledger.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BackOffice.Worker.Hosting;

/// <summary>
/// Brings the schema up to date before anything else starts. Registered first, and it works in StartAsync,
/// because since .NET 10 a BackgroundService's whole ExecuteAsync runs in the background.
/// </summary>
sealed class MigrateOnStart(NpgsqlDataSource db, SchemaMigrator migrator, IServiceProvider services, ILogger<MigrateOnStart> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Db.EnsureReachableAsync(db, cancellationToken);
        var applied = await migrator.MigrateAsync(cancellationToken);
        Log.SchemaReady(log, applied.Count, SchemaMigrator.Embedded[^1].Version);
        await FirstInvoiceNumber.ApplyAsync(services, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database schema ready: applied {Applied} migration(s), now at version {Version}")]
    public static partial void SchemaReady(ILogger logger, int applied, int version);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Scheduler switched off (BackOffice:Scheduler:Enabled=false): no jobs will run in this instance")]
    public static partial void SchedulerOff(ILogger logger);
}
