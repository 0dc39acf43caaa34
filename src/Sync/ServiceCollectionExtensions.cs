using BackOffice.Sync.Accounting;
using BackOffice.Sync.Bank;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Sync;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers what BackOffice.Sync owns.</summary>
    public static IServiceCollection AddSync(this IServiceCollection services)
    {
        services.AddTransient(sp =>
        {
            // CSV statements only when treasury has described its bank's columns.
            var section = sp.GetRequiredService<IConfiguration>().GetSection(BankImport.CsvMapSection);
            var map = section.Exists() ? section.Get<CsvStatementMap>() : null;
            var numbers = DocumentNumberFormat.Parse(sp.GetRequiredService<IOptions<AccountingOptions>>().Value.NumberPattern);
            return new BankImport(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(), map, numbers);
        });
        services.AddTransient<BankInbox>();
        services.AddTransient<ReviewDesk>();
        services.AddTransient<PaymentClaims>();
        services.AddAccounting();
        return services;
    }
}
