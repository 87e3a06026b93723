using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inventory.Domain.Accounts;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Api;

/// <summary>The preview → apply → undo routes, the clear undo, counted-at and the import history, with every refusal.</summary>
public sealed class PreviewAndUndoApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly HttpClient _admin = app.CreateClient();

    private async Task<int> StoreAsync()
    {
        var response = await _admin.PostAsJsonAsync("/api/instances", new { name = "Undo store", platform = "Amazon", defaultWarehouse = "LAX1" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static MultipartFormDataContent Form(string csv, string? countedAt = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "count.csv");
        if (countedAt is not null)
            form.Add(new StringContent(countedAt), "countedAt");
        return form;
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<int> QuantityAsync(HttpClient client, int id, string sku)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory?search={sku}");
        return page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("sku").GetString() == sku).GetProperty("quantity").GetInt32();
    }

    private async Task<JsonElement> PreviewAsync(int id, string csv, string? countedAt = null) =>
        await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/imports", Form(csv, countedAt)), HttpStatusCode.Created);

    [Fact]
    public async Task Preview_Is201WithTheChanges_ThenApply_ThenUndo_EachSayingWhatTheyDid()
    {
        var id = await StoreAsync();
        await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/import", Form("SKU,Quantity\nA,10\nB,100\nC,1\n")), HttpStatusCode.OK);

        var preview = await PreviewAsync(id, "SKU,Quantity\nA,4\nB,0\nD,3\n");

        var importId = preview.GetProperty("importId").GetInt64();
        Assert.Equal("Previewed", preview.GetProperty("status").GetString());
        Assert.Equal((3, 1, 2, 0), (preview.GetProperty("rowsRead").GetInt32(), preview.GetProperty("created").GetInt32(),
            preview.GetProperty("updated").GetInt32(), preview.GetProperty("unchanged").GetInt32()));
        Assert.Equal((3, 1, 1), (preview.GetProperty("changeCount").GetInt32(), preview.GetProperty("droppingToZero").GetInt32(),
            preview.GetProperty("notInFile").GetInt32()));
        var b = preview.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("sku").GetString() == "B");
        Assert.Equal(("LAX1", 100, 0), (b.GetProperty("warehouse").GetString(), b.GetProperty("before").GetInt32(), b.GetProperty("after").GetInt32()));
        var d = preview.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("sku").GetString() == "D");
        Assert.Equal(JsonValueKind.Null, d.GetProperty("before").ValueKind);
        Assert.Equal(10, await QuantityAsync(_admin, id, "A")); // nothing changed yet

        var applied = await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/imports/{importId}/apply", null), HttpStatusCode.OK);
        Assert.Equal(("Applied", 1, 2), (applied.GetProperty("status").GetString(), applied.GetProperty("created").GetInt32(),
            applied.GetProperty("updated").GetInt32()));
        Assert.Equal(4, await QuantityAsync(_admin, id, "A"));

        var undone = await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/imports/{importId}/undo", null), HttpStatusCode.OK);
        Assert.Equal(("Undone", 2, 1), (undone.GetProperty("status").GetString(), undone.GetProperty("reverted").GetInt32(),
            undone.GetProperty("untracked").GetInt32()));
        Assert.Equal((10, 100), (await QuantityAsync(_admin, id, "A"), await QuantityAsync(_admin, id, "B")));

        var history = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/imports");
        var listed = history.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("importId").GetInt64() == importId);
        Assert.Equal(("Undone", "count.csv"), (listed.GetProperty("status").GetString(), listed.GetProperty("fileName").GetString()));
        var details = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/imports/{importId}");
        Assert.Equal(3, details.GetProperty("changeCount").GetInt32());
    }

    [Fact]
    public async Task Apply_Twice_Undo_Twice_AndAnUnknownImport_AreRefused()
    {
        var id = await StoreAsync();
        var importId = (await PreviewAsync(id, "SKU,Quantity\nA,4\n")).GetProperty("importId").GetInt64();
        var apply = $"/api/instances/{id}/inventory/imports/{importId}/apply";
        await BodyAsync(await _admin.PostAsync(apply, null), HttpStatusCode.OK);

        var twice = await BodyAsync(await _admin.PostAsync(apply, null), HttpStatusCode.Conflict);
        Assert.Contains("applied already", twice.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/imports/{importId}/undo", null), HttpStatusCode.OK);
        await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/imports/{importId}/undo", null), HttpStatusCode.Conflict);
        await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/imports/999999/apply", null), HttpStatusCode.NotFound);
        await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/clears/999999/undo", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ADiscardedPreview_CannotBeApplied()
    {
        var id = await StoreAsync();
        var importId = (await PreviewAsync(id, "SKU,Quantity\nA,4\n")).GetProperty("importId").GetInt64();

        var discarded = await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/imports/{importId}/discard", null), HttpStatusCode.OK);
        var apply = await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/imports/{importId}/apply", null), HttpStatusCode.Conflict);

        Assert.Equal("Discarded", discarded.GetProperty("status").GetString());
        Assert.Contains("discarded", apply.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APreviewOlderThanThePreviewWindow_Is409()
    {
        await using var strict = new AppFactory();
        strict.Settings["Import:PreviewMinutes"] = "0";
        var client = strict.CreateClient();
        var created = await client.PostAsJsonAsync("/api/instances", new { name = "Old previews", platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var preview = await BodyAsync(await client.PostAsync($"/api/instances/{id}/inventory/imports", Form("SKU,Quantity\nA,4\n")), HttpStatusCode.Created);

        var apply = await BodyAsync(await client.PostAsync(
            $"/api/instances/{id}/inventory/imports/{preview.GetProperty("importId").GetInt64()}/apply", null), HttpStatusCode.Conflict);

        Assert.Contains("too old", apply.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The one-step import is its own preview and apply: no window applies to it.
        await BodyAsync(await client.PostAsync($"/api/instances/{id}/inventory/import", Form("SKU,Quantity\nA,4\n")), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ABadFile_IsRefusedAtPreview_With422_AndListedAsRefused()
    {
        var id = await StoreAsync();

        var refused = await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/imports", Form("SKU,Quantity\nA,-1\n")),
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal(1, refused.GetProperty("errorCount").GetInt32());
        var history = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/imports");
        Assert.Equal("Refused", history.GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2999-01-01T00:00:00Z")]
    public async Task ACountedAtThatIsNotADateOrIsInTheFuture_Is400NamingTheField(string countedAt)
    {
        var id = await StoreAsync();

        foreach (var route in new[] { "imports", "import" })
        {
            var problem = await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/{route}", Form("SKU,Quantity\nA,4\n", countedAt)),
                HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("countedAt", out _), problem.ToString());
        }
    }

    [Fact]
    public async Task OneStepImport_WithCountedAt_CarriesTheAcceptsSinceForward()
    {
        var id = await StoreAsync();
        await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/import", Form("SKU,Quantity\nA,10\n")), HttpStatusCode.OK);
        var countedAt = DateTime.UtcNow.AddSeconds(-1).ToString("O");
        await _admin.PostAsJsonAsync($"/api/instances/{id}/orders", new[] { new { orderNumber = "SINCE-1", lines = new[] { new { sku = "A", quantity = 3 } } } });
        await BodyAsync(await _admin.PostAsJsonAsync($"/api/instances/{id}/orders/accept", new { orderNumbers = new[] { "SINCE-1" } }), HttpStatusCode.OK);

        var imported = await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/import", Form("SKU,Quantity\nA,10\n", countedAt)),
            HttpStatusCode.OK);

        var carried = Assert.Single(imported.GetProperty("carriedForward").EnumerateArray());
        Assert.Equal(("A", 10, 7, 1), (carried.GetProperty("sku").GetString(), carried.GetProperty("counted").GetInt32(),
            carried.GetProperty("applied").GetInt32(), carried.GetProperty("ordersSince").GetInt32()));
        Assert.Equal(7, await QuantityAsync(_admin, id, "A"));
    }

    [Fact]
    public async Task Clear_AnswersItsId_AndItsUndoTracksTheItemsAgain()
    {
        var id = await StoreAsync();
        await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/import", Form("SKU,Quantity\nA,10\nB,2\n")), HttpStatusCode.OK);

        var cleared = await BodyAsync(await _admin.PostAsJsonAsync($"/api/instances/{id}/inventory/clear", new { all = true }), HttpStatusCode.OK);
        var clearId = cleared.GetProperty("clearId").GetInt64();
        var undone = await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/clears/{clearId}/undo", null), HttpStatusCode.OK);

        Assert.Equal(2, cleared.GetProperty("cleared").GetInt32());
        Assert.Equal((2, 0), (undone.GetProperty("reverted").GetInt32(), undone.GetProperty("conflictCount").GetInt32()));
        Assert.Equal((10, 2), (await QuantityAsync(_admin, id, "A"), await QuantityAsync(_admin, id, "B")));
        await BodyAsync(await _admin.PostAsync($"/api/instances/{id}/inventory/clears/{clearId}/undo", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AViewer_MayReadTheHistory_ButNotPreviewApplyOrUndo_AndAnOperatorMayNotUndoAClear()
    {
        var id = await StoreAsync();
        var importId = (await PreviewAsync(id, "SKU,Quantity\nA,4\n")).GetProperty("importId").GetInt64();
        var clearId = (await BodyAsync(await _admin.PostAsJsonAsync($"/api/instances/{id}/inventory/clear", new { all = true }), HttpStatusCode.OK))
            .GetProperty("clearId").GetInt64();
        using var viewer = app.ClientWith((await app.UserAsync(Role.Viewer)).Token);
        using var operatorClient = app.ClientWith((await app.UserAsync(Role.Operator)).Token);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/instances/{id}/inventory/imports")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/instances/{id}/inventory/imports/{importId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/instances/{id}/inventory/imports", Form("SKU,Quantity\nA,4\n"))).StatusCode);
        foreach (var action in new[] { "apply", "discard", "undo" })
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/instances/{id}/inventory/imports/{importId}/{action}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsync($"/api/instances/{id}/inventory/clears/{clearId}/undo", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsync($"/api/instances/{id}/inventory/imports/{importId}/apply", null)).StatusCode);
    }

    [Fact]
    public async Task AnotherAccount_SeesNoneOfIt()
    {
        var id = await StoreAsync();
        var importId = (await PreviewAsync(id, "SKU,Quantity\nA,4\n")).GetProperty("importId").GetInt64();
        var clearId = (await BodyAsync(await _admin.PostAsJsonAsync($"/api/instances/{id}/inventory/clear", new { all = true }), HttpStatusCode.OK))
            .GetProperty("clearId").GetInt64();
        using var other = app.ClientWith((await app.OtherAccountAsync()).Token);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/instances/{id}/inventory/imports")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/instances/{id}/inventory/imports/{importId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/instances/{id}/inventory/imports/{importId}/apply", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/instances/{id}/inventory/clears/{clearId}/undo", null)).StatusCode);
        var otherStore = await other.PostAsJsonAsync("/api/instances", new { name = "Theirs", platform = "Amazon", defaultWarehouse = "LAX1" });
        var theirs = (await otherStore.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        // Their own instance, our import's id: still not theirs.
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/instances/{theirs}/inventory/imports/{importId}/apply", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/instances/{theirs}/inventory/clears/{clearId}/undo", null)).StatusCode);
    }
}
