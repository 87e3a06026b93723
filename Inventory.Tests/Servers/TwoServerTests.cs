using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inventory.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Inventory.Tests.Servers;

/// <summary>
/// Two app processes started at once on one new PostgreSQL database and one Redis, a browser on the
/// first: the deployment of several servers behind a proxy, minus the proxy.
/// </summary>
public sealed class TwoServers : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private string? _database;

    public bool Available { get; private set; }
    public RedisServer Redis { get; } = new();
    public AppServer A { get; private set; } = null!;
    public AppServer B { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    private string _signedInOnA = "";

    public async Task InitializeAsync()
    {
        Available = TestPostgres.Server is not null;
        if (!Available)
            return;
        _database = TestPostgres.NewDatabase();
        await Redis.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Inventory"] = _database,
            ["Redis:Configuration"] = Redis.Configuration,
        };
        // Started together: the first creates and migrates the database, the other waits its turn.
        var servers = await Task.WhenAll(AppServer.StartAsync(settings), AppServer.StartAsync(settings));
        (A, B) = (servers[0], servers[1]);
        await Task.WhenAll(A.SignInAsync(), B.SignInAsync());
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
        _signedInOnA = await Chromium.SignInAsync(Browser, A.BaseUrl, AppServer.AdminEmail, AppServer.AdminPassword);
    }

    /// <summary>A page on server A, signed in, once it is interactive.</summary>
    public async Task<IPage> OpenOnAAsync(string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = A.BaseUrl, StorageState = _signedInOnA });
        var page = await context.NewPageAsync();
        await BrowserFixture.GoAsync(page, path);
        // Gone if the page is ever reloaded: how a test shows an update arrived without one.
        await page.EvaluateAsync("window.openedOnce = true");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        foreach (var server in new[] { A, B })
            if (server is not null)
                await server.DisposeAsync();
        await Redis.DisposeAsync();
        if (_database is not null)
            await TestPostgres.DropDatabaseAsync(_database);
    }
}

public sealed class TwoServerTests(TwoServers servers, ITestOutputHelper output) : IClassFixture<TwoServers>
{
    private AppServer A => servers.A;
    private AppServer B => servers.B;

    private void SkipUnlessAvailable() => Skip.IfNot(servers.Available,
        $"The two-server tests need PostgreSQL: set {TestPostgres.Variable} (.ci/run does).");

    private static async Task<int> StoreAsync(AppServer server, string name)
    {
        var created = await server.Client.PostAsJsonAsync("/api/instances", new { name, platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await server.Client.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryCheck = true })).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<HttpResponseMessage> ImportAsync(AppServer server, int id, string csv)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "stock.csv" } };
        return await server.Client.PostAsync($"/api/instances/{id}/inventory/import", form);
    }

    private static async Task<int> QuantityAsync(AppServer server, int id, string sku) =>
        (await server.Client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?search={sku}"))
            .GetProperty("items")[0].GetProperty("quantity").GetInt32();

    private static ILocator Row(IPage page, string sku) => page.Locator("tr.mud-table-row").Filter(new() { HasText = sku });

    /// <summary>Imports through server B and waits for the browser on server A to show it; returns how long that took.</summary>
    private static async Task<TimeSpan> ImportOnBSeenOnAAsync(AppServer b, IPage pageOnA, int id, string sku, int quantity)
    {
        (await ImportAsync(b, id, $"SKU,Quantity\n{sku},{quantity}\n")).EnsureSuccessStatusCode();
        var seen = Stopwatch.StartNew();
        await Expect(Row(pageOnA, sku)).ToContainTextAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new() { Timeout = 15_000 });
        return seen.Elapsed;
    }

    [SkippableFact]
    public async Task HundredConcurrentAccepts_SplitAcrossBothServers_AcceptExactlyTheTwentyInStock()
    {
        SkipUnlessAvailable();
        var id = await StoreAsync(A, "Race store");
        (await ImportAsync(A, id, "SKU,Quantity\nRACE-1,20\n")).EnsureSuccessStatusCode();
        var numbers = Enumerable.Range(1, 100).Select(i => $"R-{i:000}").ToList();
        (await A.Client.PostAsJsonAsync($"/api/instances/{id}/orders", numbers.Select(n => new
        {
            orderNumber = n, orderedAt = "2026-11-27T10:00:00Z", lines = new[] { new { sku = "RACE-1", quantity = 1 } },
        }))).EnsureSuccessStatusCode();

        // Each accept is its own request; even ones go to server A, odd ones to server B, all at once.
        var responses = await Task.WhenAll(numbers.Select((n, i) => Task.Run(() =>
            (i % 2 == 0 ? A : B).Client.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { n } }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var outcomes = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal(20, outcomes.Sum(o => o.GetProperty("moved").GetInt32()));
        Assert.Equal(80, outcomes.Sum(o => o.GetProperty("stopped").GetInt32()));
        Assert.Equal(0, await QuantityAsync(B, id, "RACE-1"));
        var accepted = await A.Client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=accepted");
        Assert.Equal(20, accepted.GetProperty("total").GetInt32());
        var ledger = await B.Client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/movements?sku=RACE-1");
        Assert.Equal(20, ledger.EnumerateArray().Count(m => m.GetProperty("reason").GetString() == "Accept"));
    }

    [SkippableFact]
    public async Task AnImportThroughServerB_AppearsInABrowserOnServerA_WithoutAReload()
    {
        SkipUnlessAvailable();
        var id = await StoreAsync(A, "Live store");
        (await ImportAsync(A, id, "SKU,Quantity\nLIVE-0,1\n")).EnsureSuccessStatusCode();
        var page = await servers.OpenOnAAsync($"/instances/{id}/inventory");
        await Expect(Row(page, "LIVE-0")).ToBeVisibleAsync();

        var delays = new List<TimeSpan>();
        for (var i = 1; i <= 5; i++)
            delays.Add(await ImportOnBSeenOnAAsync(B, page, id, $"LIVE-{i}", 1000 + i));

        output.WriteLine($"Import on server B → row shown on server A: {string.Join(", ", delays.Select(d => $"{d.TotalMilliseconds:0} ms"))}; " +
                         $"median {delays.Order().ElementAt(2).TotalMilliseconds:0} ms");
        Assert.True(await page.EvaluateAsync<bool>("window.openedOnce === true"));
    }

    [SkippableFact]
    public async Task WithRedisStopped_AcceptsAndImportsGoOn_ReadyIsDegraded_AndLiveUpdatesResumeWhenItReturns()
    {
        SkipUnlessAvailable();
        var id = await StoreAsync(A, "Redis store");
        (await ImportAsync(A, id, "SKU,Quantity\nRED-1,5\n")).EnsureSuccessStatusCode();
        (await A.Client.PostAsJsonAsync($"/api/instances/{id}/orders", new[]
        {
            new { orderNumber = "RED-ORDER", orderedAt = "2026-11-27T10:00:00Z", lines = new[] { new { sku = "RED-1", quantity = 2 } } },
        })).EnsureSuccessStatusCode();
        var page = await servers.OpenOnAAsync($"/instances/{id}/inventory");
        await Expect(Row(page, "RED-1")).ToContainTextAsync("5");

        await servers.Redis.StopAsync();
        try
        {
            foreach (var server in new[] { A, B })
                await server.UntilAsync(async () => (await server.Client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
                    "to report Redis down");
            var accept = await A.Client.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "RED-ORDER" } });
            Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
            Assert.Equal(1, (await accept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moved").GetInt32());
            // Server A's own change still reaches its own pages.
            await Expect(Row(page, "RED-1")).ToContainTextAsync("3");

            var import = await ImportAsync(B, id, "SKU,Quantity\nRED-2,7\n");
            Assert.Equal(HttpStatusCode.OK, import.StatusCode);
            Assert.Contains("Degraded", await (await B.Client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await A.Client.GetAsync("/health/live")).StatusCode);
            // Nothing carried B's import to A: the page cannot know of it yet.
            Assert.Equal(0, await Row(page, "RED-2").CountAsync());
        }
        finally
        {
            await servers.Redis.StartAsync();
        }
        foreach (var server in new[] { A, B })
            await server.UntilAsync(async () => (await server.Client.GetAsync("/health/ready")).IsSuccessStatusCode, "ready again");

        // Back: the page re-queries (B's import made while Redis was away shows), and new changes arrive live.
        await Expect(Row(page, "RED-2")).ToContainTextAsync("7", new() { Timeout = 15_000 });
        var delay = await ImportOnBSeenOnAAsync(B, page, id, "RED-3", 9);
        output.WriteLine($"After Redis returned, an import on server B reached server A's page in {delay.TotalMilliseconds:0} ms");
        Assert.True(await page.EvaluateAsync<bool>("window.openedOnce === true"));
    }
}
