using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Api;

/// <summary>
/// The stand-in Selling Partner API holds what it is sent to Amazon's published models, not to its own idea
/// of them: a body that breaks the model, or a call without the User-Agent the SP-API asks for, is answered
/// as Amazon answers it (400, ErrorList) and kept as a violation that fails the test that made it.
/// </summary>
public sealed class AmazonStandInContractTests : IAsyncLifetime
{
    private const string UserAgent = "Inventory/1.0 (Language=C#)";
    private FakeSellingPartnerApi _amazon = null!;

    public async Task InitializeAsync() => _amazon = await FakeSellingPartnerApi.StartAsync();

    public async Task DisposeAsync() => await _amazon.DisposeAsync();

    /// <summary>An acknowledgement of one accepted item that keeps to the orders model.</summary>
    private static JsonObject Acknowledgement() => new()
    {
        ["orderAcknowledgements"] = new JsonArray(new JsonObject
        {
            ["purchaseOrderNumber"] = "PO-1",
            ["vendorOrderNumber"] = "INV-1",
            ["acknowledgementDate"] = "2026-12-07T22:00:00Z",
            ["acknowledgementStatus"] = new JsonObject { ["code"] = "00", ["description"] = "Shipping 100 percent of ordered product" },
            ["sellingParty"] = new JsonObject { ["partyId"] = FakeSellingPartnerApi.SellingPartyId },
            ["shipFromParty"] = new JsonObject { ["partyId"] = "LAX1" },
            ["itemAcknowledgements"] = new JsonArray(new JsonObject
            {
                ["itemSequenceNumber"] = "1",
                ["vendorProductIdentifier"] = "WIDGET-1",
                ["acknowledgedQuantity"] = new JsonObject { ["amount"] = 2, ["unitOfMeasure"] = "Each" },
            }),
        }),
    };

    private static JsonNode Item(JsonObject acknowledgement) => acknowledgement["orderAcknowledgements"]![0]!["itemAcknowledgements"]![0]!;

    private async Task<HttpClient> SignedInAsync()
    {
        var client = new HttpClient { BaseAddress = _amazon.Endpoint };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = FakeSellingPartnerApi.RefreshToken,
            ["client_id"] = FakeSellingPartnerApi.ClientId, ["client_secret"] = FakeSellingPartnerApi.ClientSecret,
        });
        var token = await (await client.PostAsync(_amazon.TokenEndpoint, form)).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Add("x-amz-access-token", token.GetProperty("access_token").GetString());
        return client;
    }

    /// <summary>A client carrying a Restricted Data Token for <paramref name="method"/> on <paramref name="path"/>, as restricted operations need.</summary>
    private async Task<HttpClient> RestrictedAsync(string method, string path)
    {
        using var signedIn = await SignedInAsync();
        var answer = await signedIn.PostAsJsonAsync("tokens/2021-03-01/restrictedDataToken",
            new { restrictedResources = new[] { new { method, path } } });
        var token = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("restrictedDataToken").GetString();
        var client = new HttpClient { BaseAddress = _amazon.Endpoint };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        client.DefaultRequestHeaders.Add("x-amz-access-token", token);
        return client;
    }

    private static async Task<HttpResponseMessage> AcknowledgeAsync(HttpClient client, JsonNode body) =>
        await client.PostAsync("vendor/directFulfillment/orders/2021-12-28/acknowledgements",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private static async Task<string> ErrorListMessageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("InvalidInput", error.GetProperty("code").GetString());
        return error.GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task ABodyThatKeepsToTheModel_IsTaken()
    {
        using var client = await SignedInAsync();

        var response = await AcknowledgeAsync(client, Acknowledgement());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(_amazon.Acknowledgements);
    }

    public static TheoryData<string, string> Breaches => new()
    {
        { "vendorOrderNumber missing", "PropertyRequired at #/orderAcknowledgements[0].vendorOrderNumber" },
        { "unitOfMeasure Box", "NotInEnumeration at #/orderAcknowledgements[0].itemAcknowledgements[0].acknowledgedQuantity.unitOfMeasure" },
        { "amount as text", "IntegerExpected at #/orderAcknowledgements[0].itemAcknowledgements[0].acknowledgedQuantity.amount" },
        { "amount zero", "#/orderAcknowledgements[0].itemAcknowledgements[0].acknowledgedQuantity.amount is 0" },
    };

    [Theory]
    [MemberData(nameof(Breaches))]
    public async Task ABodyThatBreaksTheModel_IsRefusedWithAmazonsErrorList_AndKeptAsAViolation(string breach, string expected)
    {
        using var client = await SignedInAsync();
        var body = Acknowledgement();
        switch (breach)
        {
            case "vendorOrderNumber missing": body["orderAcknowledgements"]![0]!.AsObject().Remove("vendorOrderNumber"); break;
            case "unitOfMeasure Box": Item(body)["acknowledgedQuantity"]!["unitOfMeasure"] = "Box"; break;
            case "amount as text": Item(body)["acknowledgedQuantity"]!["amount"] = "2"; break;
            case "amount zero": Item(body)["acknowledgedQuantity"]!["amount"] = 0; break;
        }

        var message = await ErrorListMessageAsync(await AcknowledgeAsync(client, body));

        Assert.Contains(expected, message);
        Assert.Empty(_amazon.Acknowledgements);
        Assert.Contains(_amazon.TakeViolations(), v => v.StartsWith("submitAcknowledgement: ", StringComparison.Ordinal) && v.Contains(expected));
    }

    [Fact]
    public async Task AnInventoryItemWithNeitherIdentifier_IsRefused_AsTheModelSaysOneShouldBeSubmitted()
    {
        using var client = await SignedInAsync();
        var body = new JsonObject
        {
            ["inventory"] = new JsonObject
            {
                ["sellingParty"] = new JsonObject { ["partyId"] = FakeSellingPartnerApi.SellingPartyId },
                ["isFullUpdate"] = false,
                ["items"] = new JsonArray(new JsonObject { ["availableQuantity"] = new JsonObject { ["amount"] = 3, ["unitOfMeasure"] = "Each" } }),
            },
        };

        var response = await client.PostAsync("vendor/directFulfillment/inventory/v1/warehouses/LAX1/items",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Contains("neither buyerProductIdentifier nor vendorProductIdentifier", await ErrorListMessageAsync(response));
        Assert.Single(_amazon.TakeViolations());
    }

    [Fact]
    public async Task ACallWithoutTheUserAgent_IsRefusedWithAmazonsErrorList_AndKeptAsAViolation()
    {
        using var client = new HttpClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token" });

        var message = await ErrorListMessageAsync(await client.PostAsync(_amazon.TokenEndpoint, form));

        Assert.Contains("User-Agent", message);
        Assert.Contains("/auth/o2/token", Assert.Single(_amazon.TakeViolations()));
        Assert.Equal(0, _amazon.TokensIssued);
    }

    [Fact]
    public async Task AGetOrdersQueryOutsideTheModel_IsRefusedWithAmazonsErrorList_AndKeptAsAViolation()
    {
        const string path = "/vendor/directFulfillment/orders/2021-12-28/purchaseOrders";
        using var client = await RestrictedAsync("GET", path);

        var response = await client.GetAsync(path + "?createdAfter=2026-12-01T00:00:00Z&createdBefore=2026-12-02T00:00:00Z&status=NEW&limit=500");

        Assert.Contains("limit=500 is outside the model's range 1..100", await ErrorListMessageAsync(response));
        Assert.Single(_amazon.TakeViolations());
    }

    [Fact]
    public async Task TheLabelTheStandInMakes_KeepsToTheShippingModel()
    {
        const string path = "/vendor/directFulfillment/shipping/2021-12-28/shippingLabels/POSHAPE2"; // alphanumeric, as the model's pattern says
        using var client = await RestrictedAsync("POST", path);
        _amazon.AcknowledgedElsewhere("POSHAPE2");

        var response = await client.PostAsJsonAsync(path, new
        {
            sellingParty = new { partyId = FakeSellingPartnerApi.SellingPartyId }, shipFromParty = new { partyId = "LAX1" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var model = await AmazonModel.LoadAsync(AmazonModel.Shipping);
        Assert.Empty(model.DefinitionViolations("ShippingLabel", await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task TheStandInsThreePackageLabel_KeepsToTheShippingModel()
    {
        const string path = "/vendor/directFulfillment/shipping/2021-12-28/shippingLabels/POSHAPE3";
        using var client = await RestrictedAsync("POST", path);
        _amazon.AcknowledgedElsewhere("POSHAPE3");
        _amazon.PackagesPerLabel = 3;

        var response = await client.PostAsJsonAsync(path, new
        {
            sellingParty = new { partyId = FakeSellingPartnerApi.SellingPartyId }, shipFromParty = new { partyId = "LAX1" },
        });

        var text = await response.Content.ReadAsStringAsync();
        Assert.Empty((await AmazonModel.LoadAsync(AmazonModel.Shipping)).DefinitionViolations("ShippingLabel", text));
        Assert.Equal(3, JsonNode.Parse(text)!["labelData"]!.AsArray().Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => _amazon.PackagesPerLabel = 4);
    }

    [Fact]
    public async Task ThePackingSlip_IsServedOnlyWithARestrictedDataToken_InTheShippingModelsShape()
    {
        const string path = "/vendor/directFulfillment/shipping/2021-12-28/packingSlips/POSLIPSHAPE1";
        _amazon.AddOrder("POSLIPSHAPE1", "LAX1", ("WIDGET-1", 1));
        _amazon.RequirePackingSlip("POSLIPSHAPE1");
        using var plain = await SignedInAsync();

        var refused = await plain.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Unauthorized", await refused.Content.ReadAsStringAsync());
        using var restricted = await RestrictedAsync("GET", path);
        var served = await restricted.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Empty((await AmazonModel.LoadAsync(AmazonModel.Shipping)).DefinitionViolations("PackingSlip", await served.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task APackingSlipForAPurchaseOrderNumberOutsideTheModelsPattern_IsRefused_AndOneNotRequiredIsNotFound()
    {
        const string dashed = "/vendor/directFulfillment/shipping/2021-12-28/packingSlips/PO-SLIP-1";
        using (var client = await RestrictedAsync("GET", dashed))
            Assert.Contains("does not match the model's pattern", await ErrorListMessageAsync(await client.GetAsync(dashed)));
        Assert.Single(_amazon.TakeViolations());
        const string notRequired = "/vendor/directFulfillment/shipping/2021-12-28/packingSlips/POSLIPNONE1";
        _amazon.AddOrder("POSLIPNONE1", "LAX1", ("WIDGET-1", 1));
        using var restricted = await RestrictedAsync("GET", notRequired);
        Assert.Equal(HttpStatusCode.NotFound, (await restricted.GetAsync(notRequired)).StatusCode);
    }

    [Fact]
    public async Task ThePurchaseOrdersTheStandInServes_KeepToTheOrdersModel()
    {
        var order = _amazon.AddOrder("POSHAPE1", "LAX1", ("WIDGET-1", 2), ("GADGET-1", 1));
        _amazon.LineTax = "0.80";
        var taxed = _amazon.AddOrder("POSHAPE2", "LAX1", ("WIDGET-1", 1));

        var model = await AmazonModel.LoadAsync(AmazonModel.Orders);

        Assert.Empty(model.DefinitionViolations("Order", order.ToJsonString()));
        Assert.Empty(model.DefinitionViolations("Order", taxed.ToJsonString()));
        Assert.NotNull(taxed["orderDetails"]!["items"]![0]!["taxDetails"]);
    }
}
