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

    /// <summary>
    /// A Restricted Data Token for one restricted operation (<paramref name="method"/> on <paramref name="path"/>),
    /// got from the Tokens API with the access token and cached as that is. Amazon asks for one on the
    /// calls that return customers' personal data: getOrders, createShippingLabels and getPackingSlip.
    /// </summary>
    internal async Task<string> GetRestrictedAsync(MarketplaceCredentials credentials, HttpMethod method, string path, CancellationToken ct)
    {
        var key = $"{KeyOf(credentials)}|{method}|{path}";
        if (Fresh(key) is { } cached)
            return cached;
        var response = await RequestRestrictedAsync(credentials, method, path, await GetAsync(credentials, ct), ct);
        if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            // The access token itself was refused (expired early, revoked): once more with a fresh one.
            response.Dispose();
            response = await RequestRestrictedAsync(credentials, method, path, await GetAsync(credentials, ct), ct);
        }
        using var _ = response;
        if (!response.IsSuccessStatusCode)
            throw await SpApiClient.FailureAsync(response, ct, $"No Restricted Data Token for {method} {path}");
        var token = await response.Content.ReadFromJsonAsync<CreateRestrictedDataTokenResponse>(SpApiClient.Json, ct);
        if (string.IsNullOrEmpty(token?.RestrictedDataToken) || token.ExpiresIn <= 0)
            throw new MarketplaceException("Amazon's Tokens API answered without a Restricted Data Token.");
        _cache[key] = (token.RestrictedDataToken, clock.GetUtcNow() + TimeSpan.FromSeconds(token.ExpiresIn) - Margin);
        return token.RestrictedDataToken;
    }

    private async Task<HttpResponseMessage> RequestRestrictedAsync(MarketplaceCredentials credentials, HttpMethod method, string path,
        string accessToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, credentials.Api("tokens/2021-03-01/restrictedDataToken"))
        {
            Content = JsonContent.Create(new CreateRestrictedDataTokenRequest([new RestrictedResource(method.Method, path)]), options: SpApiClient.Json),
        };
        request.Headers.TryAddWithoutValidation("x-amz-access-token", accessToken);
        var response = await http.CreateClient(ClientName).SendAsync(request, ct);
        if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            Invalidate(credentials, accessToken);
        return response;
    }

    /// <summary>Amazon refused <paramref name="token"/> (401/403): the next call fetches a new one.</summary>
    internal void Invalidate(MarketplaceCredentials credentials, string token)
    {
        foreach (var (key, entry) in _cache)
            if (entry.Token == token && key.StartsWith(KeyOf(credentials), StringComparison.Ordinal))
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
            // Amazon's documented error code only; the request (which holds the secrets) and the rest of the answer are never quoted.
            var error = await SpApiClient.ReadJsonAsync<LwaError>(response, ct);
            throw new MarketplaceException(error?.Code is { Length: > 0 } code
                ? $"Amazon refused the credentials: {SpApiClient.Plain(code)}. Check the client id, client secret and refresh token."
                : $"Login with Amazon answered {(int)response.StatusCode}{SpApiClient.StatusWords(response.StatusCode)}.", (int)response.StatusCode);
        }
        var token = await SpApiClient.ReadJsonAsync<LwaToken>(response, ct);
        if (string.IsNullOrEmpty(token?.AccessToken) || token.ExpiresIn <= 0)
            throw new MarketplaceException("Login with Amazon answered without an access token.");
        return token;
    }

    // The refresh token identifies the grant; it is hashed so the cache's keys hold no secret.
    private static string KeyOf(MarketplaceCredentials c) =>
        $"{c.TokenEndpoint}|{c.ClientId}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(c.RefreshToken)))}";
}
