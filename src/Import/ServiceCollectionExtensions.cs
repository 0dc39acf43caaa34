using BackOffice.Import.Whmcs;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Import;

public static class ServiceCollectionExtensions
{
    /// <summary>Moving in from WHMCS (BackOffice:Import:Whmcs).</summary>
    public static IServiceCollection AddImport(this IServiceCollection services)
    {
        services.AddOptions<WhmcsOptions>().BindConfiguration(WhmcsOptions.Section);
        services.AddSingleton<WhmcsImport>();
        services.AddSingleton<WhmcsCompare>();
        return services;
    }
}
