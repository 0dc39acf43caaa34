using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace BackOffice.Sync.Accounting;

public static class AccountingRegistration
{
    public const string HttpClientName = "onec";

    /// <summary>
    /// The 1C client: Basic auth from UTF-8 bytes (Cyrillic logins), JSON asked for, and one resilience pipeline — reads
    /// retried with backoff, every call under the configured timeout, a circuit breaker when 1C keeps failing.
    /// </summary>
    public static IServiceCollection AddAccounting(this IServiceCollection services)
    {
        services.AddOptions<AccountingOptions>().BindConfiguration(AccountingOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                $"{AccountingOptions.Section}:BaseUrl must be an http(s) address ending in /odata/standard.odata/, or empty to switch the mirror off.")
            .Validate(o => TryPattern(o.NumberPattern), $"{AccountingOptions.Section}:NumberPattern must be a prefix followed by #s, 11 characters in all (e.g. ЛТ00-######).")
            .ValidateOnStart();

        services.AddRefitGeneratedClient<IOneCApi>(new RefitSettings())
            .ConfigureHttpClient((sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<AccountingOptions>>().Value;
                if (o.Enabled) client.BaseAddress = new Uri(o.BaseUrl.EndsWith('/') ? o.BaseUrl : o.BaseUrl + "/");
                client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts rule
                client.DefaultRequestHeaders.Authorization = OneCClient.Basic(o.User, o.Password);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            })
            .AddResilienceHandler(HttpClientName, (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<AccountingOptions>>().Value;
                var timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
                // Network waits are real time, whatever clock the business dates come from.
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    // A POST or PATCH that timed out may have been saved: the relay looks it up before writing again.
                    ShouldHandle = args => ValueTask.FromResult(
                        args.Context.GetRequestMessage()?.Method == HttpMethod.Get && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(15),
                });
                pipeline.AddTimeout(timeout);
            });

        services.AddTransient<OneCClient>();
        services.AddTransient<OutboxRelay>();
        services.AddTransient<SyncProblems>();
        services.AddTransient<SyncStatus>();
        services.AddTransient<ContractorStatus>();
        services.AddTransient<Reconciliation>();
        return services;
    }

    static bool TryPattern(string pattern)
    {
        try
        {
            DocumentNumberFormat.Parse(pattern);
            return true;
        }
        catch (BackOffice.Ledger.Database.ConfigurationProblem)
        {
            return false;
        }
    }
}
