using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Tickets;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers what BackOffice.Tickets owns.</summary>
    public static IServiceCollection AddTickets(this IServiceCollection services) => services;
}
