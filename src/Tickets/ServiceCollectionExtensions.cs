using BackOffice.Tickets.Intake;
using BackOffice.Tickets.Desk;
using BackOffice.Tickets.Outgoing;
using BackOffice.Tickets.Sla;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Tickets;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers what BackOffice.Tickets owns.</summary>
    public static IServiceCollection AddTickets(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TicketMail>();
        services.AddSingleton<MessageTaker>();
        services.AddSingleton<MailIntake>();
        services.AddSingleton<MailPolling>();
        services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SlaClock>();
        services.AddSingleton<TicketDesk>();
        services.AddSingleton<TicketQueue>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<UpgradeTickets>();
        services.AddSingleton<SlaWatch>();
        return services;
    }
}
