using BackOffice.Sync.Bank;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Sync;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers what BackOffice.Sync owns.</summary>
    public static IServiceCollection AddSync(this IServiceCollection services)
    {
        services.AddTransient<BankImport>();
        services.AddTransient<BankInbox>();
        services.AddTransient<ReviewDesk>();
        services.AddTransient<PaymentClaims>();
        return services;
    }
}
