using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inventory.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Inventory.Tests.Api;

/// <summary>
/// Issue 25, row 1: an Admin's connection settings cannot aim the server at the network behind it. Amazon's
/// hosts are fixed; anything else only when the operator lists it (Amazon:AllowedEndpoints); no redirect
/// is followed; and a failure is said in the product's words, never with the address, port or the far
/// side's text in it.
/// </summary>
public sealed class MarketplaceAddressApiTests(AmazonAppFactory app) : IClassFixture<AmazonAppFactory>, IAsyncLifetime
{
    private readonly HttpClient _admin = app.CreateClient();
    private readonly List<IAsyncDisposable> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        app.Live.DisallowAllAmazon();
        foreach (var server in _servers)
            await server.DisposeAsync();
    }

    private async Task<LoopbackServer> ServerAsync(Func<HttpContext, Task> answer)
    {
        var server = await LoopbackServer.StartAsync(answer);
        _servers.Add(server);
        return server;
    }

    private async Task<int> StoreAsync()
    {
        var created = await _admin.PostAsJsonAsync("/api/instances", new { name = "Amazon store", platform = "Amazon", defaultWarehouse = "LAX1" });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static object Connection(string? endpoint, string? tokenEndpoint, string region = "NA") => new
    {
        kind = "AmazonDirectFulfillment",
        region,
        endpoint,
        tokenEndpoint,
        clientId = FakeSellingPartnerApi.ClientId,
        clientSecret = FakeSellingPartnerApi.ClientSecret,
        refreshToken = FakeSellingPartnerApi.RefreshToken,
        sellingPartyId = FakeSellingPartnerApi.SellingPartyId,
    };

    private async Task<string> TestConnectionAsync(int id)
    {
        var response = await _admin.PostAsync($"/api/instances/{id}/marketplace/test", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var test = JsonDocument.Parse(body).RootElement;
        Assert.False(test.GetProperty("ok").GetBoolean(), body);
        return test.GetProperty("message").GetString()!;
    }

    private static void SaysNothingOfTheNetwork(string message, params Uri[] addresses)
    {
        foreach (var address in addresses)
        {
            Assert.DoesNotContain(address.Host, message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("Connection refused", message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data", null)]
    [InlineData("https://10.0.0.5:8443/", null)]
    [InlineData("https://user:pass@sellingpartnerapi-na.amazon.com", null)]
    [InlineData("https://sellingpartnerapi-eu.amazon.com", null)] // Amazon's, but another region's
    [InlineData("https://sellingpartnerapi-na.amazon.com.attacker.example", null)]
    [InlineData("http://127.0.0.1:1", null)]
    [InlineData(null, "https://api.amazon.com.attacker.example/auth/o2/token")]
    [InlineData(null, "http://127.0.0.1:1/auth/o2/token")]
    public async Task SavingAConnection_ToAnAddressThatIsNeitherAmazonsNorListed_IsRefusedNamingTheField(string? endpoint, string? tokenEndpoint)
    {
        var id = await StoreAsync();

        var response = await _admin.PutAsJsonAsync($"/api/instances/{id}/marketplace", Connection(endpoint, tokenEndpoint));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var field = endpoint is null ? "tokenEndpoint" : "endpoint";
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/api/instances/{id}/marketplace")).StatusCode);
    }

    [Fact]
    public async Task AServerOnAnUnlistedLoopbackPort_IsNeverCalled_WhateverTheAdminTypes()
    {
        var inside = await ServerAsync(context => context.Response.WriteAsJsonAsync(new { access_token = "x", expires_in = 3600 }));
        var id = await StoreAsync();

        var response = await _admin.PutAsJsonAsync($"/api/instances/{id}/marketplace",
            Connection(inside.Address.ToString(), new Uri(inside.Address, "/auth/o2/token").ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Amazon:AllowedEndpoints", await response.Content.ReadAsStringAsync());
        Assert.Empty(inside.Received);
    }

    [Fact]
    public async Task AnAddressTheOperatorLists_IsAccepted_AndAmazonsOwnHostsAlways()
    {
        var standIn = await ServerAsync(context => Task.CompletedTask);
        app.Live.AllowAmazon(standIn.Address);
        var listed = await StoreAsync();
        var amazons = await StoreAsync();

        var toListed = await _admin.PutAsJsonAsync($"/api/instances/{listed}/marketplace",
            Connection(standIn.Address.ToString(), new Uri(standIn.Address, "/auth/o2/token").ToString()));
        var toAmazon = await _admin.PutAsJsonAsync($"/api/instances/{amazons}/marketplace",
            Connection("https://sellingpartnerapi-eu.amazon.com", "https://api.amazon.co.uk/auth/o2/token", region: "EU"));

        Assert.True(toListed.IsSuccessStatusCode, await toListed.Content.ReadAsStringAsync());
        Assert.True(toAmazon.IsSuccessStatusCode, await toAmazon.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ARedirect_IsNotFollowed_SoTheSecretsNeverReachItsTarget_AndTheAnswerNamesNoAddress()
    {
        var target = await ServerAsync(context => context.Response.WriteAsJsonAsync(new { access_token = "stolen", expires_in = 3600 }));
        var redirecting = await ServerAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = new Uri(target.Address, "/auth/o2/token").ToString();
            return Task.CompletedTask;
        });
        app.Live.AllowAmazon(redirecting.Address);
        app.Live.AllowAmazon(target.Address); // even a listed target: a redirect is never followed
        var id = await StoreAsync();
        Assert.True((await _admin.PutAsJsonAsync($"/api/instances/{id}/marketplace",
            Connection(redirecting.Address.ToString(), new Uri(redirecting.Address, "/auth/o2/token").ToString()))).IsSuccessStatusCode);

        var message = await TestConnectionAsync(id);

        Assert.Empty(target.Received);
        Assert.Contains(redirecting.Received, r => r.Request == "POST /auth/o2/token");
        Assert.Contains("redirect", message, StringComparison.OrdinalIgnoreCase);
        SaysNothingOfTheNetwork(message, redirecting.Address, target.Address);
    }

    [Fact]
    public async Task AnAddressWhereNothingListens_IsSaidAsAmazonCouldNotBeReached_InTestConnectionAndTheLastSyncError()
    {
        var closed = new Uri($"http://127.0.0.1:{Poll.FreeLoopbackPort()}");
        app.Live.AllowAmazon(closed);
        var id = await StoreAsync();
        Assert.True((await _admin.PutAsJsonAsync($"/api/instances/{id}/marketplace",
            Connection(closed.ToString(), new Uri(closed, "/auth/o2/token").ToString()))).IsSuccessStatusCode);

        var message = await TestConnectionAsync(id);
        var sync = await _admin.PostAsync($"/api/instances/{id}/sync", null);
        var lastSyncError = (await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("lastSyncError").GetString()!;

        Assert.Contains("Amazon could not be reached", message);
        Assert.False(sync.IsSuccessStatusCode);
        Assert.Contains("Amazon could not be reached", lastSyncError);
        SaysNothingOfTheNetwork(message, closed);
        SaysNothingOfTheNetwork(lastSyncError, closed);
        SaysNothingOfTheNetwork(await sync.Content.ReadAsStringAsync(), closed);
    }

    [Fact]
    public async Task WhatTheFarSideAnswers_IsRepeatedOnlyAsAmazonsDocumentedErrorCode()
    {
        var refusing = await ServerAsync(async context =>
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new
            {
                error = "invalid_grant",
                error_description = "upstream db-internal.corp:5432 says: password authentication failed for user inventory",
            });
        });
        var broken = await ServerAsync(async context =>
        {
            context.Response.StatusCode = 502;
            await context.Response.WriteAsync("<html>Bad gateway: could not reach 10.1.2.3:8080 (internal-billing.corp)</html>");
        });
        app.Live.AllowAmazon(refusing.Address);
        app.Live.AllowAmazon(broken.Address);
        var refused = await StoreAsync();
        var failing = await StoreAsync();
        Assert.True((await _admin.PutAsJsonAsync($"/api/instances/{refused}/marketplace",
            Connection(refusing.Address.ToString(), new Uri(refusing.Address, "/auth/o2/token").ToString()))).IsSuccessStatusCode);
        Assert.True((await _admin.PutAsJsonAsync($"/api/instances/{failing}/marketplace",
            Connection(broken.Address.ToString(), new Uri(broken.Address, "/auth/o2/token").ToString()))).IsSuccessStatusCode);

        var refusal = await TestConnectionAsync(refused);
        var failure = await TestConnectionAsync(failing);

        Assert.StartsWith("Amazon refused the credentials: invalid_grant", refusal);
        Assert.DoesNotContain("db-internal", refusal);
        Assert.DoesNotContain("internal-billing", failure);
        Assert.DoesNotContain("10.1.2.3", failure);
        Assert.DoesNotContain("Bad gateway", failure, StringComparison.OrdinalIgnoreCase);
        SaysNothingOfTheNetwork(failure, broken.Address);
    }

    [Fact]
    public async Task AConnectionWhoseAddressTheOperatorTookOffTheList_SendsNothing()
    {
        await using var amazon = await FakeSellingPartnerApi.StartAsync();
        app.Live.AllowAmazon(amazon.Endpoint);
        var id = await StoreAsync();
        Assert.True((await _admin.PutAsJsonAsync($"/api/instances/{id}/marketplace",
            Connection(amazon.Endpoint.ToString(), amazon.TokenEndpoint.ToString()))).IsSuccessStatusCode);

        app.Live.DisallowAllAmazon();
        var message = await TestConnectionAsync(id);

        Assert.Contains("Amazon:AllowedEndpoints", message);
        Assert.Empty(amazon.Requests);
        Assert.Equal(0, amazon.TokensIssued);
    }
}
