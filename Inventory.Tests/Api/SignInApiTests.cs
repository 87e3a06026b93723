using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inventory.Tests.Api;

/// <summary>
/// Password sign-in, on the token endpoint and the sign-in page, as someone who only knows (or guesses)
/// an email sees it: a lockout stops password sign-in and nothing else, and the answers tell apart
/// neither unknown from known users nor wrong passwords from locked or disabled users.
/// </summary>
/// <remarks>
/// The tests of this class share one app, so one sign-in rate limit (30 a minute): together they stay under it.
/// </remarks>
public sealed class SignInApiTests(SignInApiTests.CountingApp app) : IClassFixture<SignInApiTests.CountingApp>
{
    private const string WrongPassword = "not the password at all";

    /// <summary>The app, counting how often a password is checked against a hash.</summary>
    public sealed class CountingApp : AppFactory
    {
        private int _checks;

        public int HashChecks => Volatile.Read(ref _checks);

        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddScoped<IPasswordHasher<User>>(sp =>
                new CountingHasher(new PasswordHasher<User>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()), () => Interlocked.Increment(ref _checks)));

        private sealed class CountingHasher(IPasswordHasher<User> inner, Action counted) : IPasswordHasher<User>
        {
            public string HashPassword(User user, string password) => inner.HashPassword(user, password);

            public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
            {
                counted();
                return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
            }
        }
    }

    [Fact]
    public async Task TokenEndpoint_FiveWrongPasswords_StopPasswordSignInOnly_TokensKeepWorking_AndTheUserIsTold()
    {
        var (user, token) = await app.UserAsync(Role.Operator);
        using var anonymous = app.AnonymousClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await RequestTokenAsync(anonymous, user.Name, WrongPassword)).StatusCode);

        using var script = app.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/instances")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RequestTokenAsync(anonymous, user.Name, AppFactory.AdminPassword)).StatusCode);
        var audit = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/audit");
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("what").GetString() is { } what
            && what.Contains(user.Name, StringComparison.Ordinal) && what.Contains("locked", StringComparison.Ordinal));

        await EndLockoutAsync(user.Name);
        var first = await RequestTokenAsync(anonymous, user.Name, AppFactory.AdminPassword);
        var second = await RequestTokenAsync(anonymous, user.Name, AppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Contains("locked", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notice").GetString());
        Assert.Equal(JsonValueKind.Null, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notice").ValueKind);
    }

    [Fact]
    public async Task TokenEndpoint_ForUnknownWrongLockedAndDisabled_AnswersAlike_AfterOnePasswordCheckEach()
    {
        var (wrong, locked, disabled) = await ThreeUsersAsync();
        using var anonymous = app.AnonymousClient();

        var answers = new List<string>();
        foreach (var (name, email, password) in Cases(wrong, locked, disabled))
        {
            var before = app.HashChecks;
            var response = await RequestTokenAsync(anonymous, email, password);
            answers.Add($"{name}: {await AnswerAsync(response)}, {app.HashChecks - before} password check(s)");
        }
        var right = await RequestTokenAsync(anonymous, disabled.Name, AppFactory.AdminPassword);

        Assert.True(Alike(answers), string.Join("\n", answers));
        Assert.Equal(HttpStatusCode.Forbidden, right.StatusCode);
        Assert.Contains("disabled", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignInPage_ForUnknownWrongLockedAndDisabled_ShowsOneMessage_AndDisabledOnlyAfterTheRightPassword()
    {
        var (wrong, locked, disabled) = await ThreeUsersAsync();
        using var browser = app.AnonymousClient();

        var messages = new List<string>();
        foreach (var (name, email, password) in Cases(wrong, locked, disabled))
        {
            var before = app.HashChecks;
            var page = await PageForms.SignInAsync(browser, email, password);
            messages.Add($"{name}: {PageForms.Message(await page.Content.ReadAsStringAsync())}, {app.HashChecks - before} password check(s)");
        }
        var right = await PageForms.SignInAsync(browser, disabled.Name, AppFactory.AdminPassword);

        Assert.True(Alike(messages), string.Join("\n", messages));
        Assert.Contains("disabled", PageForms.Message(await right.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task SignInPage_AfterALockoutEnded_TellsTheUserOnce()
    {
        var (user, _) = await app.UserAsync(Role.Viewer);
        await LockOutAsync(user.Name);
        await EndLockoutAsync(user.Name);

        using var browser = app.AnonymousClient();
        var first = PageForms.Message(await (await PageForms.SignInAsync(browser, user.Name, AppFactory.AdminPassword)).Content.ReadAsStringAsync());
        using var again = app.AnonymousClient();
        var second = PageForms.Message(await (await PageForms.SignInAsync(again, user.Name, AppFactory.AdminPassword)).Content.ReadAsStringAsync());

        Assert.Contains("locked", first);
        Assert.Null(second);
    }

    [Fact]
    public async Task SignUpAndAddingAUser_WithAnEmailOfAnotherAccount_AreRefusedAsAnyEmail_WithoutSayingWhere()
    {
        await using var open = new AppFactory();
        open.Settings["Accounts:AllowSignUp"] = "true";
        var (elsewhere, _) = await open.OtherAccountAsync();
        var (colleague, _) = await open.UserAsync(Role.Viewer);
        using var admin = open.CreateClient();
        using var anonymous = open.AnonymousClient();

        var signUp = await anonymous.PostAsJsonAsync("/api/accounts", new { accountName = "Copycat", email = elsewhere.Name, password = "another long password" });
        var malformed = await anonymous.PostAsJsonAsync("/api/accounts", new { accountName = "Copycat", email = "no-at-sign", password = "another long password" });
        var addElsewhere = await admin.PostAsJsonAsync("/api/users", new { email = elsewhere.Name, password = "another long password", role = "Viewer" });
        var addColleague = await admin.PostAsJsonAsync("/api/users", new { email = colleague.Name, password = "another long password", role = "Viewer" });

        var (signUpAnswer, elsewhereAnswer) = (await AnswerAsync(signUp), await AnswerAsync(addElsewhere));
        Assert.DoesNotContain("taken", signUpAnswer + elsewhereAnswer, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Other seller", signUpAnswer + elsewhereAnswer, StringComparison.Ordinal);
        Assert.Equal(await AnswerAsync(addColleague), elsewhereAnswer);
        var anyRefusal = Shape(await AnswerAsync(malformed));
        Assert.Equal(anyRefusal, Shape(signUpAnswer));
        Assert.Equal(anyRefusal, Shape(elsewhereAnswer));
    }

    /// <summary>Every case said the same, after one password check.</summary>
    private static bool Alike(List<string> answers)
    {
        var said = answers.Select(a => a[(a.IndexOf(':', StringComparison.Ordinal) + 2)..]).Distinct().ToList();
        return said.Count == 1 && said[0].EndsWith(", 1 password check(s)", StringComparison.Ordinal);
    }

    private static IEnumerable<(string Name, string Email, string Password)> Cases(Actor wrong, Actor locked, Actor disabled) =>
    [
        ("unknown email", "nobody@seller.test", AppFactory.AdminPassword),
        ("wrong password", wrong.Name, WrongPassword),
        ("locked out, right password", locked.Name, AppFactory.AdminPassword),
        ("disabled, wrong password", disabled.Name, WrongPassword),
    ];

    private async Task<(Actor Wrong, Actor Locked, Actor Disabled)> ThreeUsersAsync()
    {
        var (wrong, _) = await app.UserAsync(Role.Viewer);
        var (locked, _) = await app.UserAsync(Role.Viewer);
        var (disabled, _) = await app.UserAsync(Role.Viewer);
        await LockOutAsync(locked.Name);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PatchAsJsonAsync($"/api/users/{disabled.UserId}", new { disabled = true })).StatusCode);
        return (wrong, locked, disabled);
    }

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/auth/tokens", new { email, password, name = "sign-in test" });

    /// <summary>Status, title, the fields named and the detail: what a caller reads (not the trace id, which differs on every call).</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = body.TryGetProperty("errors", out var errors) ? string.Join(",", errors.EnumerateObject().Select(e => e.Name)) : "";
        return $"{(int)response.StatusCode} {body.GetProperty("title").GetString()} [{fields}]: {body.GetProperty("detail").GetString()}";
    }

    /// <summary>How a refusal is answered, whatever its words.</summary>
    private static string Shape(string answer) => answer[..answer.IndexOf(':', StringComparison.Ordinal)];

    /// <summary>As five wrong passwords leave the user (Identity's own lockout, without spending the rate limit).</summary>
    private async Task LockOutAsync(string email) => await WithUserAsync(email, async (users, user) =>
    {
        for (var i = 0; i < 5; i++)
            await users.AccessFailedAsync(user);
        Assert.True(await users.IsLockedOutAsync(user));
    });

    /// <summary>Fifteen minutes later: the lockout is over, and its end date is what Identity leaves behind.</summary>
    private async Task EndLockoutAsync(string email) => await WithUserAsync(email, async (users, user) =>
        Assert.True((await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddSeconds(-1))).Succeeded));

    private async Task WithUserAsync(string email, Func<UserManager<User>, User, Task> act)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        await act(users, (await users.FindByEmailAsync(email))!);
    }
}
