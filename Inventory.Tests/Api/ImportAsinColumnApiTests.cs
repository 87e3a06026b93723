using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Api;

/// <summary>
/// Issue 26, row 4: a stock file's ASIN column fills the instance's item map (GET …/items/map) when the file is
/// applied, and an Amazon order held with "Unknown item" for one of those ASINs is matched and released.
/// </summary>
public sealed class ImportAsinColumnApiTests(AmazonAppFactory app) : AmazonApiTests(app)
{
    private readonly TestFiles _files = new();

    public override async Task DisposeAsync()
    {
        _files.Dispose();
        await base.DisposeAsync();
    }

    // No stock: the tests' own files are what fill the inventory.
    private Task<int> ConnectedStoreAsync() => ConnectedStoreAsync(stockCsv: null, inventoryCheck: true);

    private static MultipartFormDataContent Form(byte[] content, string name)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".csv", StringComparison.Ordinal)
            ? "text/csv"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<List<(string?, string?)>> MapAsync(int id) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/items/map")).GetProperty("entries").EnumerateArray()
        .Select(e => (e.GetProperty("asin").GetString(), e.GetProperty("sku").GetString())).ToList();

    [Theory]
    [InlineData("stock.csv")]
    [InlineData("stock.xlsx")]
    public async Task AStockFileWithAnAsinColumn_FillsTheItemMap_AndReleasesTheOrderHeldForThatAsin(string name)
    {
        var id = await ConnectedStoreAsync();
        Amazon.AddOrderByAsin("PO-FILE-1", "LAX1", ("B0FROMFILE", 2));
        await BodyAsync(await Admin.PostAsync($"/api/instances/{id}/sync", null), HttpStatusCode.OK);
        Assert.Equal("UnknownItem", (await OrderAsync(id, "new", "PO-FILE-1")).GetProperty("hold").GetString());
        var file = name.EndsWith(".csv", StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes("SKU,Quantity,asin\nWIDGET-1,10,B0FROMFILE\nGADGET-2,4,\n")
            : File.ReadAllBytes(_files.Xlsx(["SKU", "Quantity", "ASIN"], ["WIDGET-1", 10d, "B0FROMFILE"], ["GADGET-2", 4d, null]));

        var preview = await BodyAsync(await Admin.PostAsync($"/api/instances/{id}/inventory/imports", Form(file, name)), HttpStatusCode.Created);
        Assert.Equal(1, preview.GetProperty("asinsMapped").GetInt32());
        Assert.Empty(await MapAsync(id));
        await BodyAsync(await Admin.PostAsync(
            $"/api/instances/{id}/inventory/imports/{preview.GetProperty("importId").GetInt64()}/apply", null), HttpStatusCode.OK);

        Assert.Equal([("B0FROMFILE", "WIDGET-1")], await MapAsync(id));
        Assert.Equal(4, await QuantityAsync(id, "GADGET-2"));
        var released = await Poll.UntilAsync(() => OrderAsync(id, "new", "PO-FILE-1"), o => o.GetProperty("hold").GetString() == "None");
        Assert.Equal("WIDGET-1", released.GetProperty("lines")[0].GetProperty("sku").GetString());
    }

    [Fact]
    public async Task ABadAsin_Is422NamingItsRowColumnAndReason_AndNothingIsApplied()
    {
        var id = await ConnectedStoreAsync();

        var refused = await BodyAsync(await Admin.PostAsync($"/api/instances/{id}/inventory/import",
            Form(Encoding.UTF8.GetBytes("SKU,Quantity,ASIN\nWIDGET-1,10,B0GOODASIN\nGADGET-2,4,NOT-AN-ASIN\n"), "stock.csv")),
            HttpStatusCode.UnprocessableEntity);

        var error = Assert.Single(refused.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "ASIN"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Contains("10 letters or digits", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory")).GetProperty("items").EnumerateArray());
        Assert.Empty(await MapAsync(id));
    }

    [Fact]
    public async Task AStockFileWithoutTheColumn_ImportsAsBefore_AndLeavesTheMapAlone()
    {
        var id = await ConnectedStoreAsync();
        await Admin.PutAsJsonAsync($"/api/instances/{id}/items/map", new { entries = new[] { new { asin = "B0ALREADY1", sku = "WIDGET-1" } } });

        var preview = await BodyAsync(await Admin.PostAsync($"/api/instances/{id}/inventory/imports",
            Form(Encoding.UTF8.GetBytes("SKU,Quantity\nWIDGET-1,10\n"), "stock.csv")), HttpStatusCode.Created);
        await BodyAsync(await Admin.PostAsync(
            $"/api/instances/{id}/inventory/imports/{preview.GetProperty("importId").GetInt64()}/apply", null), HttpStatusCode.OK);

        Assert.Equal(0, preview.GetProperty("asinsMapped").GetInt32());
        Assert.Equal(10, await QuantityAsync(id, "WIDGET-1"));
        Assert.Equal([("B0ALREADY1", "WIDGET-1")], await MapAsync(id));
    }
}
