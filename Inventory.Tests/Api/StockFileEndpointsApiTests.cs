using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Inventory.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.Api;

/// <summary>
/// Issue 25, row 2: every endpoint that takes a stock file takes it up to <c>Import:MaxFileSizeMb</c>, the
/// preview as much as the one-step import. The endpoints are found by what they declare, so one added
/// later is walked too.
/// </summary>
public sealed class StockFileEndpointsApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly HttpClient _admin = app.CreateClient();

    /// <summary>Every mapped endpoint that takes a file: declared as its accepted request type, or as a parameter.</summary>
    private IReadOnlyList<RouteEndpoint> FileEndpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Any(a => IsFile(a.RequestType))
                        || e.Metadata.OfType<MethodInfo>().Any(m => m.GetParameters().Any(p => IsFile(p.ParameterType))))
            .ToList();

    private static bool IsFile(Type? type) => type == typeof(IFormFile) || type == typeof(IFormFileCollection);

    /// <summary>A valid stock file of 80,000 rows, about 1.5 MB: over the JSON limit, well under the file limit.</summary>
    private static byte[] LargeStockFile()
    {
        var csv = new StringBuilder("SKU,Warehouse,Quantity\n");
        for (var row = 0; row < 80_000; row++)
            csv.Append("LIMIT-SKU-").Append(row.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).Append(",LAX1,5\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    [Fact]
    public async Task EveryEndpointThatTakesAStockFile_TakesOneOverTheJsonLimit_UpToTheImportsOwn()
    {
        var created = await _admin.PostAsJsonAsync("/api/instances", new { name = "Big files", platform = "Other", defaultWarehouse = "LAX1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var file = LargeStockFile();
        Assert.True(file.Length > 1024 * 1024, $"the file is {file.Length:N0} bytes");
        var endpoints = FileEndpoints();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.EndsWith("/inventory/import", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.EndsWith("/inventory/imports", StringComparison.Ordinal));

        foreach (var endpoint in endpoints)
        {
            Assert.Contains(global::Inventory.Blazor.Api.StockFileUpload.Instance, endpoint.Metadata);
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/').Replace("{id:int}", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                StringComparison.Ordinal);
            using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "stock.csv" } };

            var response = await _admin.PostAsync(path, form);

            Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task AJsonEndpoint_StillRefusesABodyOverTheJsonLimit()
    {
        var body = new StringContent("{\"name\":\"" + new string('x', 1100 * 1024) + "\"}", Encoding.UTF8, "application/json");

        var response = await _admin.PostAsync("/api/instances", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
