using System.Net.Http.Headers;
using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// The real app over its own temporary SQLite file; the demo seed is off unless asked for. Its first
/// account's administrator is created on start (<c>Admin:*</c>), and the clients it makes send that
/// administrator's API token unless told otherwise.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@seller.test";
    public const string AdminPassword = "a long enough test password";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "inventory-app-tests", Guid.NewGuid().ToString("N"));
    private string? _adminToken;

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Demo:Seed"] = "false",
        ["Admin:Email"] = AdminEmail,
        ["Admin:Password"] = AdminPassword,
        ["Admin:Account"] = "Test seller",
    };

    /// <summary>Settings the test changes while the app runs (Amazon:AllowedEndpoints for a stand-in it starts).</summary>
    public LiveSettings Live { get; } = new();

    /// <summary>Whether <see cref="WebApplicationFactory{T}.CreateClient()"/> signs its clients in as the administrator.</summary>
    public bool SignInClients { get; set; } = true;

    /// <summary>The first account's administrator, as the domain sees them.</summary>
    public Actor Admin => ActorOf(AdminEmail);

    public string AdminToken => _adminToken ??= TokenFor(AdminEmail, AdminPassword);

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (SignInClients)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    /// <summary>A client that sends no credentials at all.</summary>
    public HttpClient AnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>A client acting with <paramref name="token"/>.</summary>
    public HttpClient ClientWith(string token)
    {
        var client = AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A new user of <paramref name="accountOf"/>'s account (the administrator's by default) with <paramref name="role"/>, and their token.</summary>
    public async Task<(Actor User, string Token)> UserAsync(Role role, Actor? accountOf = null)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@seller.test";
        await using (var scope = Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateUserAsync(accountOf ?? Admin, email, AdminPassword, role);
        return (ActorOf(email), TokenFor(email, AdminPassword));
    }

    /// <summary>A second account, signed up as another seller would, with its own Admin and token.</summary>
    public async Task<(Actor Admin, string Token)> OtherAccountAsync()
    {
        var email = $"other-{Guid.NewGuid():N}@seller.test";
        await using (var scope = Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAccountAsync("Other seller", email, AdminPassword, default);
        return (ActorOf(email), TokenFor(email, AdminPassword));
    }

    public Actor ActorOf(string email)
    {
        using var scope = Services.CreateScope();
        var user = scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync(email).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException($"No user {email}.");
        return AccountService.ActorOf(user);
    }

    private string TokenFor(string email, string password)
    {
        using var scope = Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ApiTokenService>()
            .CreateTokenAsync(ActorOf(email), "tests").GetAwaiter().GetResult().Token;
    }

    /// <summary>The hosting environment; Production shows what an operator's server answers.</summary>
    protected virtual string Environment => "Development";

    /// <summary>Replace registrations before the app starts.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment(Environment);
        builder.ConfigureServices(ConfigureServices);
        builder.UseSetting("ConnectionStrings:Inventory", $"Data Source={Path.Combine(_folder, "inventory.db")};Default Timeout=60");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(configuration => configuration.Add(Live));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    /// <summary>The repository root, found from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Inventory.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Inventory.sln not found above the test binaries.");
    }
}
