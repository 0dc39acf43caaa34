using System.CommandLine;
using BackOffice.Ledger.Database;
using BackOffice.Ledger.Demo;
using BackOffice.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Worker.Cli;

static class DatabaseVerbs
{
    public static Command Migrate(BackOfficeCli cli)
    {
        var cmd = new Command("migrate", "Bring the database schema up to date (safe to run from several places at once).");
        cmd.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost(parse, asService: false);
            BackOfficeHost.Validate(host);
            var db = host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
            await Db.EnsureReachableAsync(db, ct);
            var applied = await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(ct);
            var version = SchemaMigrator.Embedded[^1].Version;
            if (parse.GetValue(BackOfficeCli.Json))
                CliOutput.WriteJson(cli.Out, new { applied = applied.Select(m => $"{m.Version:D4}_{m.Name}"), version });
            else if (applied.Count == 0)
                cli.Out.WriteLine($"The schema is up to date (version {version}).");
            else
                foreach (var m in applied) cli.Out.WriteLine($"Applied {m.Version:D4}_{m.Name}");
            return BackOfficeCli.Ok;
        });
        return cmd;
    }

    public static Command DemoData(BackOfficeCli cli)
    {
        var cmd = new Command("demo-data", "Load the demo data set (managers, organisations, catalogue, clients such as #7583). Loading twice adds nothing.");
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var counts = await services.GetRequiredService<DemoData>().LoadAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, counts);
            else cli.Out.WriteLine($"Demo data in place: {counts.Clients} clients, {counts.Products} products, {counts.Services} services, " +
                                   $"{counts.Staff} staff, {counts.Organisations} organisations.");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }
}
