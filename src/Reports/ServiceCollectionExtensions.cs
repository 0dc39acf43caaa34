using BackOffice.Reports.Engine;
using BackOffice.Reports.Mailing;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Reports;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers what BackOffice.Reports owns: the report engine with its reports, and the manager mailing.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton(ReportCatalogue.Standard());
        services.AddSingleton<ReportEngine>();
        services.AddSingleton<ManagerReportMailer>();
        return services;
    }
}
