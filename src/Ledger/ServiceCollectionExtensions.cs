using BackOffice.Ledger.Clients;
using BackOffice.Ledger.Database;
using BackOffice.Ledger.Demo;
using BackOffice.Ledger.Organisations;
using BackOffice.Ledger.Staff;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackOffice.Ledger;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers the database (ConnectionStrings:BackOffice) and the ledger's books.</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => Db.CreateDataSource(sp.GetRequiredService<IConfiguration>()[Db.ConnectionStringKey]!));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ClientBook>();
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<OrganisationBook>();
        services.AddSingleton<DemoData>();
        return services;
    }
}
