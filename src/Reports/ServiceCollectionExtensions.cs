using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Reports;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers what BackOffice.Reports owns.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services) => services;
}
