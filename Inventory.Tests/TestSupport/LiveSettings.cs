using Microsoft.Extensions.Configuration;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// Settings a test changes while the app runs, as an operator does by editing appsettings.json: the
/// configuration reloads and what reads it through <c>IOptionsMonitor</c> sees the new value.
/// </summary>
public sealed class LiveSettings : ConfigurationProvider, IConfigurationSource
{
    private int _allowed;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public void Put(string key, string? value)
    {
        Data[key] = value;
        OnReload();
    }

    /// <summary>Lists <paramref name="address"/>'s origin in <c>Amazon:AllowedEndpoints</c>, as the operator of a server with a local stand-in does.</summary>
    public void AllowAmazon(Uri address) =>
        Put($"Amazon:AllowedEndpoints:{Interlocked.Increment(ref _allowed) - 1}", address.GetLeftPart(UriPartial.Authority));

    /// <summary>Takes every address off <c>Amazon:AllowedEndpoints</c>.</summary>
    public void DisallowAllAmazon()
    {
        foreach (var key in Data.Keys.Where(k => k.StartsWith("Amazon:AllowedEndpoints:", StringComparison.Ordinal)).ToList())
            Data.Remove(key);
        OnReload();
    }
}
