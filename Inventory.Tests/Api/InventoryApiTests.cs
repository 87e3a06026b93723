using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inventory.Tests.TestSupport;
using MiniExcelLibs;

namespace Inventory.Tests.Api;

public sealed class InventoryApiTests(AppFactory app) : IClassFixture<AppFactory>, IDisposable
{
    private readonly HttpClient _client = app.CreateClient();
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private async Task<int> StoreAsync()
    {
        var response = await _client.PostAsJsonAsync("/api/instances", new { name = "Api store", platform = "Amazon", defaultWarehouse = "LAX1" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task<HttpResponseMessage> UploadAsync(int id, string path, string? fileName = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName ?? Path.GetFileName(path));
        return await _client.PostAsync($"/api/instances/{id}/inventory/import", form);
    }

    private async Task<JsonElement> ListAsync(int id, string query = "") =>
        await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory{query}");

    [Fact]
    public async Task Import_ValidXlsx_Is200WithTheCounts()
    {
        var id = await StoreAsync();
        var path = _files.Xlsx(["Warehouse", "SKU", "Quantity"], ["LAX1", "A", 3d], [null, "B", 4d]);

        var response = await UploadAsync(id, path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 2, 0, 0), (body.GetProperty("rowsRead").GetInt32(), body.GetProperty("created").GetInt32(),
            body.GetProperty("updated").GetInt32(), body.GetProperty("unchanged").GetInt32()));
        Assert.True(body.GetProperty("importId").GetInt64() > 0);
    }

    [Fact]
    public async Task Import_BadRows_Is422ProblemListingEveryErrorAndChangesNothing()
    {
        var id = await StoreAsync();
        var path = _files.Csv("SKU,Quantity\nA,1\nB,-1\n,2\n");

        var response = await UploadAsync(id, path);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, problem.GetProperty("errorCount").GetInt32());
        var first = problem.GetProperty("errors")[0];
        Assert.Equal((3, "Quantity", "-1"), (first.GetProperty("row").GetInt32(), first.GetProperty("column").GetString(), first.GetProperty("value").GetString()));
        Assert.Equal(0, (await ListAsync(id)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Import_WithoutAFileField_Is400()
    {
        var id = await StoreAsync();
        using var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };

        var response = await _client.PostAsync($"/api/instances/{id}/inventory/import", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Import_UnknownInstance_Is404()
    {
        var response = await UploadAsync(99999, _files.Csv("SKU,Quantity\nA,1\n"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task List_PagesSearchesFiltersAndSorts()
    {
        var id = await StoreAsync();
        await UploadAsync(id, _files.Csv("Warehouse,SKU,Quantity\nLAX1,MUG-1,5\nLAX1,MUG-2,1\nEWR2,MUG-3,9\nLAX1,CUP-1,2\n"));

        var mugs = await ListAsync(id, "?search=mug&sort=-quantity&pageSize=2&page=0");
        var ewr = await ListAsync(id, "?warehouse=ewr2");

        Assert.Equal(3, mugs.GetProperty("total").GetInt32());
        Assert.Equal(["MUG-3", "MUG-1"], mugs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sku").GetString()));
        Assert.Equal("EWR2", Assert.Single(ewr.GetProperty("items").EnumerateArray()).GetProperty("warehouse").GetString());
    }

    [Fact]
    public async Task List_BadSort_Is400()
    {
        var id = await StoreAsync();

        var response = await _client.GetAsync($"/api/instances/{id}/inventory?sort=price");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Clear_SelectedThenAll_ReportsHowManyWereCleared()
    {
        var id = await StoreAsync();
        await UploadAsync(id, _files.Csv("SKU,Quantity\nA,1\nB,2\nC,3\n"));

        var selected = await _client.PostAsJsonAsync($"/api/instances/{id}/inventory/clear", new { items = new[] { new { warehouse = "LAX1", sku = "a" } } });
        var all = await _client.PostAsJsonAsync($"/api/instances/{id}/inventory/clear", new { all = true });

        Assert.Equal(1, (await selected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cleared").GetInt32());
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cleared").GetInt32());
        Assert.Equal(0, (await ListAsync(id)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Clear_WithNeitherAllNorItems_Is400()
    {
        var id = await StoreAsync();

        var response = await _client.PostAsJsonAsync($"/api/instances/{id}/inventory/clear", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Clear_AnItemWithoutASku_Is400NamingTheItem_AndClearsNothing()
    {
        var id = await StoreAsync();
        await UploadAsync(id, _files.Csv("SKU,Quantity\nSKU-1,1\n"));

        var response = await _client.PostAsJsonAsync($"/api/instances/{id}/inventory/clear",
            new { items = new[] { new { warehouse = "LAX1", sku = "SKU-1" }, new { warehouse = "LAX1", sku = " " } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("SKU is empty.", problem.GetProperty("errors").GetProperty("items[1].sku")[0].GetString());
        Assert.Equal(1, (await ListAsync(id)).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("csv", "text/csv")]
    public async Task Template_DownloadsInEitherFormat(string format, string contentType)
    {
        var id = await StoreAsync();

        var response = await _client.GetAsync($"/api/instances/{id}/inventory/template?format={format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var rows = MiniExcel.Query(await response.Content.ReadAsStreamAsync(), useHeaderRow: true,
            excelType: format == "csv" ? ExcelType.CSV : ExcelType.XLSX).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("SKU-00123", Assert.Single(rows)["SKU"]?.ToString());
    }

    [Fact]
    public async Task Export_ReimportsUnchanged()
    {
        var id = await StoreAsync();
        await UploadAsync(id, _files.Csv("Warehouse,SKU,Quantity\nLAX1,00123,5\nEWR2,B,0\n"));

        var export = await _client.GetByteArrayAsync($"/api/instances/{id}/inventory/export?format=xlsx");
        var again = await UploadAsync(id, _files.Bytes("export.xlsx", export));

        var body = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 0, 2), (body.GetProperty("created").GetInt32(), body.GetProperty("updated").GetInt32(), body.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task Export_UnknownFormat_Is400()
    {
        var id = await StoreAsync();

        var response = await _client.GetAsync($"/api/instances/{id}/inventory/export?format=pdf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Movements_ListTheLedgerOfOneSku()
    {
        var id = await StoreAsync();
        await UploadAsync(id, _files.Csv("SKU,Quantity\nA,5\nB,1\n"));
        await UploadAsync(id, _files.Csv("SKU,Quantity\nA,2\n"));

        var movements = await _client.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/movements?sku=a&warehouse=LAX1");

        Assert.Equal([(-3, 2, "Import"), (5, 5, "Import")], movements.EnumerateArray()
            .Select(m => (m.GetProperty("change").GetInt32(), m.GetProperty("quantityAfter").GetInt32(), m.GetProperty("reason").GetString())));
    }

    [Fact]
    public async Task MovementsAndList_UnknownInstance_Are404()
    {
        var movements = await _client.GetAsync("/api/instances/99999/inventory/movements");
        var list = await _client.GetAsync("/api/instances/99999/inventory");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (movements.StatusCode, list.StatusCode));
    }
}
