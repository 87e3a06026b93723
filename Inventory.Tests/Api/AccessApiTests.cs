using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inventory.Blazor;
using Inventory.Blazor.Auth;
using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Inventory.Tests.TestSupport;

namespace Inventory.Tests.Api;

/// <summary>
/// Who may call what: every instance endpoint × {anonymous, Viewer, Operator, Admin, Admin of another
/// account}, then tokens, lockout, sign-up and a cross-site post riding on the browser's cookie.
/// </summary>
public sealed class AccessApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private readonly HttpClient _admin = app.CreateClient();

    private enum Caller { Anonymous, Viewer, Operator, Admin, OtherAccountAdmin }

    /// <summary>One call of the API and the least role that may make it.</summary>
    private sealed record Call(string Method, string Path, Role Needs, Func<HttpContent?>? Body = null)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static Call[] Calls(int id) =>
    [
        new("GET", $"/api/instances/{id}", Role.Viewer),
        new("PATCH", $"/api/instances/{id}", Role.Admin, () => Json(new { autoLabel = false })),
        new("GET", $"/api/instances/{id}/inventory", Role.Viewer),
        new("GET", $"/api/instances/{id}/inventory/movements", Role.Viewer),
        new("GET", $"/api/instances/{id}/inventory/imports", Role.Viewer),
        new("GET", $"/api/instances/{id}/inventory/template", Role.Viewer),
        new("GET", $"/api/instances/{id}/inventory/export?format=csv", Role.Viewer),
        new("POST", $"/api/instances/{id}/inventory/import", Role.Operator, () => Csv("SKU,Quantity\nM-1,5\n")),
        new("POST", $"/api/instances/{id}/inventory/clear", Role.Admin, () => Json(new { items = new[] { new { warehouse = "LAX1", sku = "NOPE" } } })),
        new("GET", $"/api/instances/{id}/orders?status=new", Role.Viewer),
        new("POST", $"/api/instances/{id}/orders", Role.Operator,
            () => Json(new[] { new { orderNumber = $"P-{Guid.NewGuid():N}", lines = new[] { new { sku = "M-1", quantity = 1 } } } })),
        new("POST", $"/api/instances/{id}/orders/accept", Role.Operator, () => Json(new { orderNumbers = new[] { "NONE-YET" } })),
        new("POST", $"/api/instances/{id}/orders/label", Role.Operator, () => Json(new { orderNumbers = new[] { "NONE-YET" } })),
        new("POST", $"/api/instances/{id}/orders/cancel", Role.Operator, () => Json(new { orderNumbers = new[] { "NONE-YET" }, reason = "test" })),
        new("POST", $"/api/instances/{id}/orders/resend", Role.Operator, () => Json(new { orderNumbers = new[] { "NONE-YET" } })),
        new("POST", $"/api/instances/{id}/orders/ship", Role.Operator, () => Json(new { orderNumbers = new[] { "NONE-YET" } })),
        new("POST", $"/api/instances/{id}/sync", Role.Operator),
        new("GET", $"/api/instances/{id}/items/map", Role.Viewer),
        new("PUT", $"/api/instances/{id}/items/map", Role.Operator, () => Json(new { entries = new[] { new { asin = "B0ACCESS01", sku = "M-1" } } })),
    ];

    [Fact]
    public async Task EveryInstanceEndpoint_AnswersEachCallerAsItsRoleAndAccountAllow()
    {
        var id = await StoreAsync();
        var clients = new Dictionary<Caller, HttpClient>
        {
            [Caller.Anonymous] = app.AnonymousClient(),
            [Caller.Viewer] = app.ClientWith((await app.UserAsync(Role.Viewer)).Token),
            [Caller.Operator] = app.ClientWith((await app.UserAsync(Role.Operator)).Token),
            [Caller.Admin] = _admin,
            [Caller.OtherAccountAdmin] = app.ClientWith((await app.OtherAccountAsync()).Token),
        };
        var wrong = new List<string>();

        foreach (var call in Calls(id))
            foreach (var (caller, client) in clients)
            {
                using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path) { Content = call.Body?.Invoke() };
                var status = (await client.SendAsync(request)).StatusCode;
                var allowed = caller switch
                {
                    Caller.Anonymous => status == HttpStatusCode.Unauthorized,
                    Caller.OtherAccountAdmin => status == HttpStatusCode.NotFound,
                    _ when RoleOf(caller) < call.Needs => status == HttpStatusCode.Forbidden,
                    // Allowed: whatever the rules then say (a sync with no source is 409), never 401/403/404.
                    _ => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound),
                };
                if (!allowed)
                    wrong.Add($"{call} as {caller}: {(int)status}");
            }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Users_AreAnAdminsBusiness_AndOnlyOfTheirOwnAccount()
    {
        var viewer = app.ClientWith((await app.UserAsync(Role.Viewer)).Token);
        var other = app.ClientWith((await app.OtherAccountAsync()).Token);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.AnonymousClient().GetAsync("/api/users")).StatusCode);
        var invited = await _admin.PostAsJsonAsync("/api/users", new { email = "picker@seller.test", role = "Operator" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var body = await invited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("/account/invitation?token=", body.GetProperty("invitationUrl").GetString());

        var mine = await _admin.GetFromJsonAsync<JsonElement>("/api/users");
        var theirs = await other.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.Contains(mine.EnumerateArray(), u => u.GetProperty("email").GetString() == "picker@seller.test");
        Assert.DoesNotContain(theirs.EnumerateArray(), u => u.GetProperty("email").GetString() == "picker@seller.test");
        var pickerId = mine.EnumerateArray().Single(u => u.GetProperty("email").GetString() == "picker@seller.test").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NotFound, (await other.PatchAsJsonAsync($"/api/users/{pickerId}", new { role = "Admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchAsJsonAsync($"/api/users/{pickerId}", new { role = "Admin" })).StatusCode);
    }

    [Fact]
    public async Task TheImportListAndTheAudit_SayWhoDidWhat()
    {
        var (operatorUser, operatorToken) = await app.UserAsync(Role.Operator);
        var id = await StoreAsync();
        using var operatorClient = app.ClientWith(operatorToken);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsync($"/api/instances/{id}/inventory/import", Csv("SKU,Quantity\nWHO-1,2\n"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PatchAsJsonAsync($"/api/instances/{id}", new { inventoryCheck = true })).StatusCode);

        var imports = await _admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}/inventory/imports");
        var audit = await _admin.GetFromJsonAsync<JsonElement>("/api/audit");

        Assert.Equal(operatorUser.Name, imports.GetProperty("items")[0].GetProperty("user").GetString());
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("user").GetString() == AppFactory.AdminEmail
            && a.GetProperty("what").GetString()!.Contains("Inventory Check off → on", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task AToken_IsShownOnce_WorksUntilRevoked_AndStopsWhenItsUserIsDisabled()
    {
        var (user, _) = await app.UserAsync(Role.Operator);
        var created = await app.AnonymousClient().PostAsJsonAsync("/api/auth/tokens",
            new { email = user.Name, password = AppFactory.AdminPassword, name = "script" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var script = app.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/instances")).StatusCode);
        Assert.DoesNotContain(token, await script.GetStringAsync("/api/auth/tokens"));

        var listed = await script.GetFromJsonAsync<JsonElement>("/api/auth/tokens");
        var tokenId = listed.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "script").GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await script.DeleteAsync($"/api/auth/tokens/{tokenId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/instances")).StatusCode);

        var (other, otherToken) = await app.UserAsync(Role.Operator);
        using var otherScript = app.ClientWith(otherToken);
        Assert.Equal(HttpStatusCode.OK, (await otherScript.GetAsync("/api/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PatchAsJsonAsync($"/api/users/{other.UserId}", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherScript.GetAsync("/api/instances")).StatusCode);
    }

    [Fact]
    public async Task AnOpenPage_LosesItsUser_AtTheNextRevalidation_OnceDisabledOrGivenAnotherRole()
    {
        var (disabled, _) = await app.UserAsync(Role.Operator);
        var (demoted, _) = await app.UserAsync(Role.Operator);
        var (disabledCircuit, demotedCircuit) = (await CircuitOfAsync(disabled), await CircuitOfAsync(demoted));
        Assert.True(await StillValidAsync(disabledCircuit));

        await _admin.PatchAsJsonAsync($"/api/users/{disabled.UserId}", new { disabled = true });
        await _admin.PatchAsJsonAsync($"/api/users/{demoted.UserId}", new { role = "Viewer" });

        Assert.False(await StillValidAsync(disabledCircuit));
        Assert.False(await StillValidAsync(demotedCircuit));
        Assert.True(await StillValidAsync(await CircuitOfAsync(demoted)));
    }

    /// <summary>The principal a circuit holds after signing in, as the sign-in page makes it.</summary>
    private async Task<System.Security.Claims.ClaimsPrincipal> CircuitOfAsync(Actor user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var found = await users.FindByIdAsync(user.UserId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await scope.ServiceProvider.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync(found!);
    }

    /// <summary>One revalidation, in its own scope as the circuit's runs.</summary>
    private async Task<bool> StillValidAsync(System.Security.Claims.ClaimsPrincipal circuit)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await RevalidatingUserState.IsStillValidAsync(scope.ServiceProvider.GetRequiredService<UserManager<User>>(),
            scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value, circuit);
    }

    [Fact]
    public async Task FiveWrongPasswords_StopPasswordSignIn_EvenWithTheRightPassword_SayingNoMoreThanAWrongOne()
    {
        var (user, _) = await app.UserAsync(Role.Viewer);
        using var client = app.AnonymousClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/tokens",
                new { email = user.Name, password = "not the password at all", name = "guess" })).StatusCode);

        var right = await client.PostAsJsonAsync("/api/auth/tokens", new { email = user.Name, password = AppFactory.AdminPassword, name = "late" });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(Words.SignInRefused, (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task APostFromAnotherSite_WithTheUsersCookie_IsRefused_WhileTheirDownloadsWork()
    {
        var id = await StoreAsync("SKU,Quantity\nKEEP-1,3\n");
        using var browser = app.AnonymousClient(); // keeps cookies, as a browser does
        await SignInWithTheFormAsync(browser);

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/api/instances/{id}/inventory/clear")
        {
            Content = Json(new { all = true }),
        };
        crossSite.Headers.Add("Origin", "https://attacker.example");
        var response = await browser.SendAsync(crossSite);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("KEEP-1", await browser.GetStringAsync($"/api/instances/{id}/inventory/export?format=csv"));
    }

    [Fact]
    public async Task GuessingFromOneAddress_IsSlowedDown_ToAFewAttemptsAMinute()
    {
        await using var own = new AppFactory(); // its own limiter, so the other tests' attempts do not count
        using var client = own.AnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= AuthSetup.SignInAttemptsPerMinute; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/auth/tokens",
                new { email = $"nobody{i}@seller.test", password = "wrong wrong wrong", name = "guess" })).StatusCode);

        Assert.All(statuses.Take(AuthSetup.SignInAttemptsPerMinute), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task SignUp_IsOffUnlessConfigured()
    {
        var response = await app.AnonymousClient().PostAsJsonAsync("/api/accounts",
            new { accountName = "Newcomer", email = "new@seller.test", password = "another long password" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SignUp_WhenAllowed_CreatesAnAccountThatSeesNothingOfTheFirst()
    {
        await using var open = new AppFactory();
        open.Settings["Accounts:AllowSignUp"] = "true";
        using var first = open.CreateClient();
        var created = await first.PostAsJsonAsync("/api/instances", new { name = "First's store", platform = "Amazon", defaultWarehouse = "LAX1" });
        var storeId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var signUp = await open.AnonymousClient().PostAsJsonAsync("/api/accounts",
            new { accountName = "Newcomer", email = "new@seller.test", password = "another long password" });
        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        var token = await (await open.AnonymousClient().PostAsJsonAsync("/api/auth/tokens",
            new { email = "new@seller.test", password = "another long password", name = "cli" })).Content.ReadFromJsonAsync<JsonElement>();
        using var newcomer = open.ClientWith(token.GetProperty("token").GetString()!);

        Assert.Equal(0, (await newcomer.GetFromJsonAsync<JsonElement>("/api/instances")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await newcomer.GetAsync($"/api/instances/{storeId}/inventory")).StatusCode);
    }

    [Fact]
    public async Task EveryResponse_CarriesTheSecurityHeaders()
    {
        var response = await app.AnonymousClient().GetAsync("/account/login");

        Assert.Contains("frame-ancestors 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    [Fact]
    public async Task ChangingThePassword_OnItsPage_MakesTheOldOneFail()
    {
        var (user, _) = await app.UserAsync(Role.Viewer);
        using var browser = app.AnonymousClient();
        await SignInWithTheFormAsync(browser, user.Name, AppFactory.AdminPassword);

        var changed = await PageForms.PostAsync(browser, "/account/password", "password", new()
        {
            ["Input.Current"] = AppFactory.AdminPassword,
            ["Input.Password"] = "a brand new long password",
            ["Input.Confirm"] = "a brand new long password",
        });

        Assert.Contains("Your password is changed", await changed.Content.ReadAsStringAsync());
        using var anonymous = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/tokens",
            new { email = user.Name, password = AppFactory.AdminPassword, name = "old" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync("/api/auth/tokens",
            new { email = user.Name, password = "a brand new long password", name = "new" })).StatusCode);
    }

    private static async Task SignInWithTheFormAsync(HttpClient browser, string email = AppFactory.AdminEmail, string password = AppFactory.AdminPassword)
    {
        var signedIn = await PageForms.PostAsync(browser, "/account/login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/instances")).StatusCode);
    }

    private async Task<int> StoreAsync(string? csv = null)
    {
        var response = await _admin.PostAsJsonAsync("/api/instances", new { name = "Access store", platform = "Amazon", defaultWarehouse = "LAX1" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        if (csv is not null)
            Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/instances/{id}/inventory/import", Csv(csv))).StatusCode);
        return id;
    }

    private static Role RoleOf(Caller caller) => caller switch
    {
        Caller.Viewer => Role.Viewer,
        Caller.Operator => Role.Operator,
        _ => Role.Admin,
    };

    private static JsonContent Json(object body) => JsonContent.Create(body);

    private static MultipartFormDataContent Csv(string text) =>
        new() { { new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", "stock.csv" } };
}
