using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inventory.Domain.Import;
using Inventory.Domain.Notifications;
using Inventory.Domain.Stock;
using Inventory.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Api;

/// <summary>
/// What was sent by an attacker or a careless client, and what must come back: for each case the
/// status, the problem body, and the database exactly as before.
/// </summary>
public sealed class HostileInputApiTests(AppFactory app) : IClassFixture<AppFactory>, IDisposable
{
    private readonly HttpClient _client = app.CreateClient();
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private async Task<int> StoreAsync(string csv = "SKU,Quantity\nKEEP-1,3\n", bool inventoryCheck = false)
    {
        var created = await _client.PostAsJsonAsync("/api/instances", new { name = "Hostile store", platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        (await _client.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryCheck })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(id, Encoding.UTF8.GetBytes(csv), "stock.csv")).StatusCode);
        return id;
    }

    private async Task<HttpResponseMessage> UploadAsync(int id, byte[] content, string fileName)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        return await _client.PostAsync($"/api/instances/{id}/inventory/import", form);
    }

    private async Task<HttpResponseMessage> UploadFileAsync(int id, string path)
    {
        await using var stream = File.OpenRead(path);
        using var form = new MultipartFormDataContent { { new StreamContent(stream), "file", Path.GetFileName(path) } };
        return await _client.PostAsync($"/api/instances/{id}/inventory/import", form);
    }

    private async Task<string> SnapshotAsync(int id)
    {
        var stock = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?pageSize=1000");
        var ledger = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/movements");
        return $"{stock}|{ledger.GetArrayLength()}";
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The file is refused before the parser holds the hostile part: 422 naming the reason, nothing changed, memory flat.</summary>
    private async Task<JsonElement> RefusedWithoutGrowthAsync(string path, string reason)
    {
        var id = await StoreAsync();
        var before = await SnapshotAsync(id);

        var (response, growth) = await PeakWorkingSetGrowthAsync(() => UploadFileAsync(id, path));

        var error = (await ProblemAsync(response, HttpStatusCode.UnprocessableEntity)).GetProperty("errors")[0];
        Assert.Contains(reason, error.GetProperty("message").GetString());
        Assert.Equal(before, await SnapshotAsync(id));
        Assert.True(growth < 150 * 1024 * 1024, $"the working set grew by {growth / (1024 * 1024)} MB");
        return error;
    }

    [Fact]
    public async Task Case1_AHugeCellHiddenBesideAnIncompressiblePart_IsRefusedBeforeParsing_WithoutGrowingMemory()
    {
        var bomb = _files.HiddenCellBomb("hidden-cell.xlsx");
        Assert.True(new FileInfo(bomb).Length < 8 * 1024 * 1024);

        await RefusedWithoutGrowthAsync(bomb, "zip bomb");
    }

    [Fact]
    public async Task Case1_ACellLongerThanExcelAllows_IsRefusedBeforeTheParserReachesIt_EvenWhenItDoesNotCompress() =>
        await RefusedWithoutGrowthAsync(_files.HiddenCellBomb("wide-cell.xlsx", cellMb: 40, noiseMb: 0, incompressible: true),
            "32,767 characters");

    [Fact]
    public async Task Case1_ACellLongerThanExcelAllows_AfterManyGoodRows_IsRefusedBeforeTheParserReachesIt()
    {
        // The sheet is judged while the parser reads it; here the parser is well into the sheet when the scan
        // meets the cell, and must be held at the gate rather than read 40 MB of it.
        var late = _files.HiddenCellBomb("late-cell.xlsx", cellMb: 40, noiseMb: 0, incompressible: true, rowsBefore: 20_000);

        await RefusedWithoutGrowthAsync(late, "32,767 characters");
    }

    [Fact]
    public async Task Case1_ARowOfManyLongCells_IsRefusedBeforeTheParserReachesIt() =>
        await RefusedWithoutGrowthAsync(_files.WideRow("wide-row.xlsx", cells: 2_000, cellChars: 3_000), "holds a row of more than 4 MB");

    [Fact]
    public async Task Case1_ACsvOfOneEndlessLine_IsRefusedBeforeParsing_WithoutGrowingMemory()
    {
        var line = _files.Bytes("one-line.csv", [.. "SKU,Quantity\n"u8, .. Enumerable.Repeat((byte)'Z', 60 * 1024 * 1024)]);

        var error = await RefusedWithoutGrowthAsync(line, "longer than 1,024 KB");

        Assert.Equal(2, error.GetProperty("row").GetInt32());
    }

    [Fact]
    public async Task Case2_LinesOfInt32Max_AreRejected_WhileTheNormalOrderOfTheSameCallGoesThrough()
    {
        var id = await StoreAsync("SKU,Quantity\nSKU-1,10\n", inventoryCheck: true);

        var push = await _client.PostAsJsonAsync($"/api/instances/{id}/orders", new object[]
        {
            new { orderNumber = "HUGE-1", lines = new[] { new { sku = "SKU-1", quantity = int.MaxValue }, new { sku = "SKU-1", quantity = int.MaxValue } } },
            new { orderNumber = "FINE-1", lines = new[] { new { sku = "SKU-1", quantity = 2 } } },
        });
        var accept = await _client.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "HUGE-1", "FINE-1" } });

        var outcomes = await push.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Rejected", "Quantity"), (outcomes[0].GetProperty("status").GetString(), outcomes[0].GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Equal(1, (await accept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moved").GetInt32());
    }

    [Fact]
    public async Task Case3_AReimportAboveTheMaximum_IsRefused_AndTheCancelStillWorks()
    {
        var id = await StoreAsync("SKU,Quantity\nSKU-1,5\n");
        await _client.PostAsJsonAsync($"/api/instances/{id}/orders", new[] { new { orderNumber = "A-1", lines = new[] { new { sku = "SKU-1", quantity = 1 } } } });
        await _client.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "A-1" } });

        var import = await UploadAsync(id, Encoding.UTF8.GetBytes($"SKU,Quantity\nSKU-1,{int.MaxValue}\n"), "huge.csv");
        var cancel = await _client.PostAsJsonAsync($"/api/instances/{id}/orders/cancel", new { orderNumbers = new[] { "A-1" }, reason = "buyer asked" });

        await ProblemAsync(import, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var stock = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory");
        Assert.Equal(5, stock.GetProperty("items")[0].GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Case4_LookAlikeSkus_NeverPassInventoryCheck()
    {
        var id = await StoreAsync("SKU,Quantity\nCAF\u00C9X,1\nZW-1,1\n", inventoryCheck: true);

        var push = await _client.PostAsJsonAsync($"/api/instances/{id}/orders", new object[]
        {
            new { orderNumber = "NFD-1", lines = new[] { new { sku = "CAFE\u0301X", quantity = 5 } } },
            new { orderNumber = "ZW-1", lines = new[] { new { sku = "ZW-1\u2060", quantity = 5 } } },
        });
        var accept = await _client.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "NFD-1" } });

        var outcomes = await push.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Rejected", "SKU"), (outcomes[1].GetProperty("status").GetString(), outcomes[1].GetProperty("field").GetString()));
        var accepted = await accept.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 1), (accepted.GetProperty("moved").GetInt32(), accepted.GetProperty("stopped").GetInt32()));
        Assert.Equal("No inventory", accepted.GetProperty("orders")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Case5_ACsvSavedAsWindows1252_IsRefusedAskingForCsvUtf8()
    {
        var id = await StoreAsync();
        var before = await SnapshotAsync(id);
        byte[] windows1252 = [.. "SKU,Quantity\nCAF"u8, 0xC9, .. "-1,4\n"u8];

        var problem = await ProblemAsync(await UploadAsync(id, windows1252, "excel.csv"), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("CSV UTF-8", problem.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Case6_ANulByteInASku_IsRefusedNamingTheRow()
    {
        var id = await StoreAsync();
        var before = await SnapshotAsync(id);

        var problem = await ProblemAsync(await UploadAsync(id, Encoding.UTF8.GetBytes("SKU,Quantity\nFINE,1\nBAD\0SKU,2\n"), "nul.csv"),
            HttpStatusCode.UnprocessableEntity);

        var error = problem.GetProperty("errors")[0];
        Assert.Equal((3, "SKU"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Case7_AHugeField_ComesBackCutShort_InASmallAnswer()
    {
        var id = await StoreAsync();

        // Just under the longest row a file may have (a 10 MB one is refused whole, above).
        var response = await UploadAsync(id, Encoding.UTF8.GetBytes("SKU,Quantity\n" + new string('X', 1000 * 1024) + ",1\n"), "wide.csv");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(body.Length < 4096, $"the answer is {body.Length:N0} characters");
        Assert.Contains("…", body);
    }

    [Fact]
    public async Task Case8_ABigJsonBody_Is413_AndChangesNothing()
    {
        var id = await StoreAsync();
        var before = await SnapshotAsync(id);
        var items = Enumerable.Range(0, 60_000).Select(i => new { warehouse = "LAX1", sku = $"KEEP-{i:00000000}-PADDING-PADDING-PADDING" });

        var response = await _client.PostAsJsonAsync($"/api/instances/{id}/inventory/clear", new { items });

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 1,024 KB", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Case9_APageFarBeyondTheEnd_IsEmpty_WithTheRightTotal()
    {
        var id = await StoreAsync("SKU,Quantity\nA,1\nB,2\n");

        var page = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?page={int.MaxValue}&pageSize=1000");

        Assert.Equal((0, 2), (page.GetProperty("items").GetArrayLength(), page.GetProperty("total").GetInt32()));
    }

    [Fact]
    public async Task Case10_ARepeatedOrderNumber_IsADuplicateWhenTheSame_AndAConflictWhenNot_LeavingTheStoredOrder()
    {
        var id = await StoreAsync();
        object Order(int quantity) => new[] { new { orderNumber = "REPEAT-1", lines = new[] { new { sku = "KEEP-1", quantity } } } };
        await _client.PostAsJsonAsync($"/api/instances/{id}/orders", Order(1));

        var same = await (await _client.PostAsJsonAsync($"/api/instances/{id}/orders", Order(1))).Content.ReadFromJsonAsync<JsonElement>();
        var other = await (await _client.PostAsJsonAsync($"/api/instances/{id}/orders", Order(2))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(("Duplicate", "New"), (same[0].GetProperty("outcome").GetString(), same[0].GetProperty("status").GetString()));
        Assert.Equal(("Conflict", "Lines"), (other[0].GetProperty("outcome").GetString(), other[0].GetProperty("field").GetString()));
        var stored = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/orders?status=new");
        Assert.Equal(1, stored.GetProperty("items")[0].GetProperty("lines")[0].GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Case11_AnUnknownApiPath_Is404ProblemJson_NotTheBlazorPage()
    {
        var id = await StoreAsync();

        var problem = await ProblemAsync(await _client.GetAsync($"/api/instances/{id}/inventory/no-such-thing"), HttpStatusCode.NotFound);

        Assert.Contains("no API endpoint", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Case12_ImportsBeyondTheLimit_Are429WithRetryAfter()
    {
        var id = await StoreAsync();
        var inventory = app.Services.GetRequiredService<InventoryService>();
        using var gate = new ManualResetEventSlim();
        using var started = new CountdownEvent(2);
        var held = Enumerable.Range(0, 2).Select(_ => inventory.ImportAsync(id, "held.csv", channel =>
        {
            started.Signal();
            gate.Wait(TimeSpan.FromSeconds(30));
        }, Inventory.Domain.Common.Actor.System)).ToList();
        started.Wait(TimeSpan.FromSeconds(30));

        var response = await UploadAsync(id, Encoding.UTF8.GetBytes("SKU,Quantity\nA,1\n"), "third.csv");
        gate.Set();
        await Task.WhenAll(held);

        await ProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(id, Encoding.UTF8.GetBytes("SKU,Quantity\nA,1\n"), "later.csv")).StatusCode);
    }

    /// <summary>The largest growth of this process's working set while <paramref name="action"/> runs.</summary>
    private static async Task<(T Result, long Growth)> PeakWorkingSetGrowthAsync<T>(Func<Task<T>> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var peak = baseline;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(10);
            }
        });
        var result = await action();
        await done.CancelAsync();
        await sampler;
        return (result, peak - baseline);
    }
}

/// <summary>The app as an operator runs it: Production, where an API failure must not leak the error page or a stack trace.</summary>
public sealed class ProductionApiTests(ProductionApiTests.ProductionApp app) : IClassFixture<ProductionApiTests.ProductionApp>
{
    public sealed class ProductionApp : AppFactory
    {
        protected override string Environment => "Production";

        // Every change notification fails: any state-changing call then fails inside the server.
        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<IChangeNotifier, ThrowingNotifier>();
    }

    private sealed class ThrowingNotifier : IChangeNotifier
    {
        public void Publish(Change change) => throw new InvalidOperationException("secret internal detail");

        public IDisposable Subscribe(Func<Change, Task> handler) => new NoSubscription();

        private sealed class NoSubscription : IDisposable
        {
            public void Dispose() { }
        }
    }

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task AFailureInsideTheServer_Is500ProblemJson_WithoutAStackTrace()
    {
        var response = await _client.PostAsJsonAsync("/api/instances", new { name = "Boom", platform = "Amazon", defaultWarehouse = "LAX1" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internal detail", body);
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task TheApiReference_NeedsASignedInUser_AndDeclaresTheBearerScheme()
    {
        using var anonymous = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal("/account/login", (await anonymous.GetAsync("/api/docs")).RequestMessage!.RequestUri!.AbsolutePath);

        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/docs")).StatusCode);
    }

    [Fact]
    public async Task ARequestForAnotherHost_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/instances");
        request.Headers.Host = "attacker.example";

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.SendAsync(request)).StatusCode);
    }
}
