using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Api;

/// <summary>
/// Issue 25, row 7: a value that names nothing is refused naming its field (an enum given as a number, or a
/// word it does not have), and an uploaded file's name is stored cut to 255 characters, without the control
/// and bidi characters that would make it read as another name.
/// </summary>
public sealed class UnknownValuesApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly HttpClient _admin = app.CreateClient();

    private async Task<int> StoreAsync()
    {
        var created = await _admin.PostAsJsonAsync("/api/instances", new { name = "Values", platform = "Other", defaultWarehouse = "LAX1" });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task<string> RefusedFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), body);
        return messages[0].GetString()!;
    }

    [Theory]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("New,Accepted")]
    [InlineData("shipped-ish")]
    public async Task AnOrderListThatIsNotOneOfTheLists_IsRefusedNamingStatus(string status)
    {
        var id = await StoreAsync();

        var message = await RefusedFieldAsync(await _admin.GetAsync($"/api/instances/{id}/orders?status={Uri.EscapeDataString(status)}"), "status");

        Assert.Contains("Accepted", message);
    }

    [Fact]
    public async Task AListNamedInAnyCase_IsServed()
    {
        var id = await StoreAsync();

        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/api/instances/{id}/orders?status=accepted")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/api/instances/{id}/inventory?sort=-Quantity")).StatusCode);
    }

    [Fact]
    public async Task AStockSortThatIsANumber_IsRefusedNamingSort()
    {
        var id = await StoreAsync();

        var message = await RefusedFieldAsync(await _admin.GetAsync($"/api/instances/{id}/inventory?sort=7"), "sort");

        Assert.Contains("Quantity", message);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("\"Marketplace\"")]
    public async Task ABodysEnumThatIsANumberOrAnUnknownWord_IsRefusedNamingTheFieldAndItsChoices(string platform)
    {
        var body = new StringContent($$"""{ "name": "Typed", "platform": {{platform}}, "defaultWarehouse": "LAX1" }""", Encoding.UTF8, "application/json");

        var message = await RefusedFieldAsync(await _admin.PostAsync("/api/instances", body), "platform");

        Assert.Contains("Amazon", message);
        Assert.DoesNotContain("Inventory.Domain", message);
    }

    [Fact]
    public async Task AFileNameOf5000CharactersWithABidiOverride_IsStoredCutTo255_WithoutControlCharacters_KeepingItsExtension()
    {
        var id = await StoreAsync();
        var name = "stock\u202Evsc.exe-" + new string('n', 5_000) + "\u0007\u200F.csv";
        using var form = new MultipartFormDataContent { { new StringContent("SKU,Quantity\nNAMED-1,3\n"), "file", name } };

        var imported = await _admin.PostAsync($"/api/instances/{id}/inventory/import", form);

        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        var stored = (await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/imports"))
            .GetProperty("items").EnumerateArray().Single().GetProperty("fileName").GetString()!;
        Assert.True(stored.Length <= 255, $"{stored.Length} characters");
        Assert.StartsWith("stockvsc.exe-nnn", stored);
        Assert.EndsWith(".csv", stored);
        Assert.DoesNotContain(stored, c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);
    }
}
