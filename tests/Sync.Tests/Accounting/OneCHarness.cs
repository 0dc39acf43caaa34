using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support.FakeOneC;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Sync.Tests.Accounting;

/// <summary>The service's own composition of the 1C client (Refit + resilience), pointed at a fake 1C.</summary>
static class OneCHarness
{
    public static Dictionary<string, string?> Settings(FakeOneCServer fake, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BackOffice:Accounting:BaseUrl"] = fake.BaseUrl,
            ["BackOffice:Accounting:User"] = fake.User,
            ["BackOffice:Accounting:Password"] = fake.Password,
            ["BackOffice:Accounting:TimeoutSeconds"] = "2",
            ["BackOffice:Accounting:RetryDelaySeconds"] = "0",
        };
        foreach (var (key, value) in more) settings["BackOffice:Accounting:" + key] = value;
        return settings;
    }

    public static ServiceProvider Services(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddAccounting();
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static OneCClient Client(this ServiceProvider sp) => sp.GetRequiredService<OneCClient>();
}
