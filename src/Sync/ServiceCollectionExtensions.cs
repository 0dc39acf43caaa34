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
        // The CSV column map, when configured, is validated whole at start like every other option (issue 8).
        services.AddOptions<CsvStatementMap>().BindConfiguration(BankImport.CsvMapSection).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CsvStatementMap>, CsvMapValidation>();
        services.AddTransient(sp =>
        {
            // CSV statements only when treasury has described its bank's columns.
            var configured = sp.GetRequiredService<IConfiguration>().GetSection(BankImport.CsvMapSection).Exists();
            var map = configured ? sp.GetRequiredService<IOptions<CsvStatementMap>>().Value : null;
            var numbers = DocumentNumberFormat.Parse(sp.GetRequiredService<IOptions<AccountingOptions>>().Value.NumberPattern);
            return new BankImport(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(), map, numbers);
        });
        services.AddTransient<BankInbox>();
        services.AddTransient<ReviewDesk>();
        services.AddTransient<PaymentClaims>();
        services.AddTransient<BankLedger>();
        services.AddTransient<PaymentClaimList>();
        services.AddAccounting();
        return services;
    }

    /// <summary>No section means no CSV statements (nothing to check); a section present is checked key by key.</summary>
    sealed class CsvMapValidation(IConfiguration config) : IValidateOptions<CsvStatementMap>
    {
        public ValidateOptionsResult Validate(string? name, CsvStatementMap options)
        {
            if (!config.GetSection(BankImport.CsvMapSection).Exists())
                return ValidateOptionsResult.Skip;
            var problems = options.Problems(BankImport.CsvMapSection);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
