using System.Reflection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Inventory.Domain.Marketplace.Amazon;

public static class AmazonServices
{
    /// <summary>
    /// How the product names itself on every call to Amazon (Selling Partner API, Login with Amazon, Tokens
    /// API): the SP-API documentation asks for <c>AppName/AppVersion (Language=LanguageName)</c>, so Amazon
    /// can tell this application's traffic apart when it looks into a problem.
    /// </summary>
    public static readonly string UserAgent = $"Inventory/{Version()} (Language=C#)";

    // The informational version without its build metadata ("1.2.0+3f9c…" → "1.2.0"): the commit hash tells Amazon nothing.
    private static string Version() =>
        typeof(AmazonServices).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            is { Length: > 0 } version ? version : "1.0";

    /// <summary>
    /// Amazon as a marketplace, its one registration: the port's implementation and everything behind it —
    /// its HTTP clients (retries with jitter on 429 and 5xx honouring Retry-After,
    /// a circuit breaker and timeouts, all Microsoft.Extensions.Http.Resilience's standard handler, one
    /// pipeline per API host), the token cache, the clients of orders, labels and inventory.
    /// </summary>
    public static IServiceCollection AddAmazonMarketplace(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AmazonOptions>().Bind(configuration.GetSection(AmazonOptions.Section))
            .Validate(o => !AmazonEndpoints.Unusable(o).Any(),
                "Amazon:AllowedEndpoints takes http:// or https:// origins without a user name, e.g. http://127.0.0.1:5555.")
            .ValidateOnStart();
        var options = configuration.GetSection(AmazonOptions.Section).Get<AmazonOptions>() ?? new AmazonOptions();
        // Keys are kept where the host says (the shared database in the web app); this only makes sure there is a provider.
        services.AddDataProtection();

        void Resilience(HttpStandardResilienceOptions o)
        {
            o.Retry.Delay = TimeSpan.FromSeconds(options.RetryDelaySeconds);
            o.Retry.MaxRetryAttempts = options.MaxRetries;
            o.Retry.UseJitter = true;
        }
        // A redirect would carry the refresh token and client secret to an address nobody allowed: none is followed.
        static HttpMessageHandler NoRedirects() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        // Set once per client, so no call (SP-API, Login with Amazon, Tokens API) can go without it.
        static void Identified(HttpClient client) => client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        services.AddTransient<AmazonGate>();
        services.AddHttpClient(LwaTokens.ClientName, Identified)
            .ConfigurePrimaryHttpMessageHandler(NoRedirects)
            .AddHttpMessageHandler<AmazonGate>()
            .AddStandardResilienceHandler(Resilience);
        services.AddTransient<SpApiAuthHandler>();
        services.AddHttpClient(SpApiClient.ClientName, Identified)
            .ConfigurePrimaryHttpMessageHandler(NoRedirects)
            .AddHttpMessageHandler<AmazonGate>()
            .AddHttpMessageHandler<SpApiAuthHandler>()
            .AddStandardResilienceHandler(Resilience)
            .SelectPipelineByAuthority();

        services.AddSingleton<AmazonEndpoints>();
        services.AddSingleton<LwaTokens>();
        services.AddSingleton<SpApiClient>();
        services.AddSingleton<AmazonConnectionTest>();
        services.AddSingleton<AmazonOrderSource>();
        services.AddSingleton<AmazonLabelService>();
        services.AddSingleton<AmazonPackingSlips>();
        services.AddSingleton<AmazonInventoryFeed>();
        services.AddSingleton<IMarketplace, AmazonMarketplace>();
        services.AddSingleton<IMarketplaceEndpoints>(sp => sp.GetRequiredService<AmazonEndpoints>());
        return services;
    }
}
