using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// Access tokens from Login with Amazon (the refresh-token grant), cached per connection until shortly
/// before they expire, so a sync of a thousand orders asks once. A token Amazon refuses is dropped
/// (<see cref="Invalidate"/>) and the next call fetches a new one.
/// </summary>
public sealed class LwaTokens(IHttpClientFactory http, TimeProvider clock)
{
    public const string ClientName = "Amazon.LoginWithAmazon";

    /// <summary>A token is renewed this long before Amazon says it expires, so none expires in flight.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> _cache = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _refreshing = new();

    internal async Task<string> GetAsync(MarketplaceCredentials credentials, CancellationToken ct)
    {
        var key = KeyOf(credentials);
        if (Fresh(key) is { } cached)
            return cached;
        // One refresh per connection at a time: a burst of calls shares the token the first one fetched.
        var gate = _refreshing.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (Fresh(key) is { } fetchedMeanwhile)
                return fetchedMeanwhile;
            var token = await RequestAsync(credentials, ct);
            _cache[key] = (token.AccessToken!, clock.GetUtcNow() + TimeSpan.FromSeconds(token.ExpiresIn) - Margin);
            return token.AccessToken!;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Amazon refused <paramref name="token"/> (401/403): the next call fetches a new one.</summary>
    internal void Invalidate(MarketplaceCredentials credentials, string token)
    {
        var key = KeyOf(credentials);
        if (_cache.TryGetValue(key, out var entry) && entry.Token == token)
            _cache.TryRemove(key, out _);
    }

    private string? Fresh(string key) => _cache.TryGetValue(key, out var entry) && entry.Until > clock.GetUtcNow() ? entry.Token : null;

    private async Task<LwaToken> RequestAsync(MarketplaceCredentials credentials, CancellationToken ct)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = credentials.RefreshToken,
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
        });
        using var response = await http.CreateClient(ClientName).PostAsync(credentials.TokenEndpoint, form, ct);
        if (!response.IsSuccessStatusCode)
        {
            // Amazon's own error words only; the request (which holds the secrets) is never quoted.
            var error = await SpApiClient.ReadJsonAsync<LwaError>(response, ct);
            throw new MarketplaceException(
                $"Login with Amazon refused the refresh token ({(int)response.StatusCode}{(error?.Code is { } code ? ", " + code : "")}): " +
                $"{error?.Description ?? "check the client id, client secret and refresh token."}");
        }
        var token = await response.Content.ReadFromJsonAsync<LwaToken>(ct);
        if (string.IsNullOrEmpty(token?.AccessToken) || token.ExpiresIn <= 0)
            throw new MarketplaceException("Login with Amazon answered without an access token.");
        return token;
    }

    // The refresh token identifies the grant; it is hashed so the cache's keys hold no secret.
    private static string KeyOf(MarketplaceCredentials c) =>
        $"{c.TokenEndpoint}|{c.ClientId}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(c.RefreshToken)))}";
}

/// <summary>The marketplace refused or failed a call; the message is the marketplace's, with no credential in it.</summary>
public sealed class MarketplaceException(string message, int? status = null) : Exception(message)
{
    public int? Status { get; } = status;
}
