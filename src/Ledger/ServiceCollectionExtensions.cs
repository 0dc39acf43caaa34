using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Clients;
using BackOffice.Ledger.Database;
using BackOffice.Ledger.Demo;
using BackOffice.Ledger.Documents;
using BackOffice.Ledger.Organisations;
using BackOffice.Ledger.Staff;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

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
        services.AddSingleton<StaffAccounts>();
        services.AddSingleton<OrganisationBook>();
        services.AddSingleton<DemoData>();
        services.AddSingleton<InvoiceBook>();
        services.AddSingleton<RenewalInvoicer>();
        services.AddSingleton<PaymentBook>();
        services.AddSingleton<OrderDesk>();
        services.AddSingleton<DueDateMover>();
        services.AddSingleton<InvoiceNumbering>();
        services.AddSingleton<InvoiceList>();
        services.AddSingleton<OrderList>();
        services.AddSingleton<ManagedClients>();
        services.AddSingleton<InvoiceDesk>();
        services.AddSingleton<PaymentList>();
        services.AddSingleton<OfflinePayments>();
        services.AddSingleton<CreditBook>();
        services.AddSingleton<ServiceBook>();
        services.AddSingleton<ClientFile>();
        services.AddSingleton<InvoiceDocuments>();
        services.AddSingleton<IValidateOptions<InvoiceMailOptions>, InvoiceMailOptionsValidation>();
        services.AddOptions<InvoiceMailOptions>().BindConfiguration(InvoiceMailOptions.Section).ValidateOnStart();
        services.AddSingleton(sp => new InvoiceMailer(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<InvoiceMailOptions>>(),
            sp.GetRequiredService<IOptions<BillingOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.Section);
        services.AddSingleton(sp => new OverdueProcessor(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<BillingOptions>>().Value));
        return services;
    }
}
