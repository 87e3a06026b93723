using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Api;

public sealed class InstancesApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    private async Task<JsonElement> CreateAsync(string name = "Store") =>
        await (await _client.PostAsJsonAsync("/api/instances", new { name, platform = "eBay", defaultWarehouse = "LAX1" }))
            .Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Post_CreatesAnInstanceWithChecksOff_AndReturns201WithItsLocation()
    {
        var response = await _client.PostAsJsonAsync("/api/instances", new { name = "Walmart", platform = "Walmart", defaultWarehouse = " dfw3 " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/instances/{body.GetProperty("id").GetInt32()}", response.Headers.Location?.ToString());
        Assert.Equal(("Walmart", "dfw3", false, false), (body.GetProperty("platform").GetString(), body.GetProperty("defaultWarehouse").GetString(),
            body.GetProperty("inventoryCheck").GetBoolean(), body.GetProperty("autoLabel").GetBoolean()));
    }

    [Fact]
    public async Task Post_WithoutName_Is400ProblemNamingTheField()
    {
        var response = await _client.PostAsJsonAsync("/api/instances", new { name = "", platform = "Amazon", defaultWarehouse = "LAX1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Name is empty.", problem.GetProperty("errors").GetProperty("Name")[0].GetString());
    }

    [Fact]
    public async Task Post_WithUnknownPlatform_Is400()
    {
        var response = await _client.PostAsJsonAsync("/api/instances", new { name = "X", platform = "MySpace", defaultWarehouse = "LAX1" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetList_AndGetOne_ReturnTheSettings()
    {
        var created = await CreateAsync("Listed");
        var id = created.GetProperty("id").GetInt32();

        var list = await _client.GetFromJsonAsync<JsonElement>("/api/instances");
        var one = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");

        Assert.Contains(list.EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);
        Assert.Equal("Listed", one.GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetOne_Unknown_Is404Problem()
    {
        var response = await _client.GetAsync("/api/instances/99999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Patch_FlipsInventoryCheckAndAutoLabel_LeavingOtherFields()
    {
        var id = (await CreateAsync("Patched")).GetProperty("id").GetInt32();

        var response = await _client.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryCheck = true, autoLabel = true });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("inventoryCheck").GetBoolean());
        Assert.True(body.GetProperty("autoLabel").GetBoolean());
        Assert.Equal("Patched", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Patch_InvalidWarehouse_Is400AndChangesNothing()
    {
        var id = (await CreateAsync("Kept")).GetProperty("id").GetInt32();

        var response = await _client.PatchAsJsonAsync($"/api/instances/{id}", new { name = "New name", defaultWarehouse = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Kept", (await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Patch_Unknown_Is404()
    {
        var response = await _client.PatchAsJsonAsync("/api/instances/99999", new { inventoryCheck = true });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_AndReferencePage_DescribeTheApi()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var page = await _client.GetAsync("/api/docs");

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/instances/{id}/inventory/import", out _));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
