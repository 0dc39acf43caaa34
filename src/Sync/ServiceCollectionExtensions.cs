using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Sync;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers what BackOffice.Sync owns.</summary>
    public static IServiceCollection AddSync(this IServiceCollection services) => services;
}
