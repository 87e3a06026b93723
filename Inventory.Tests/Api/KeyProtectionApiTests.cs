using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Inventory.Domain.Accounts;
using Inventory.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inventory.Tests.Api;

/// <summary>
/// Issue 25, row 6 and the note on how to run it: the Data Protection keys are encrypted at rest when the
/// operator gives a certificate (and the server says so when it has none), a new database and its folder
/// are the server user's alone, and the build output refuses to serve outside Development.
/// </summary>
public sealed class KeyProtectionApiTests : IDisposable
{
    private const string CertificatePassword = "pfx password for the test";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "inventory-keys-tests", Guid.NewGuid().ToString("N"));

    public KeyProtectionApiTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private sealed class LoggedAppFactory : AppFactory
    {
        public LogCapture Logs { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
    }

    /// <summary>A self-signed certificate with its private key, as a .pfx file, as the README tells an operator to make one.</summary>
    private string CertificateFile()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Inventory data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, "dp.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }

    private static async Task<List<string>> StoredKeysAsync(AppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UsersDbContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
    }

    [Fact]
    public async Task WithACertificate_TheKeysAreStoredEncrypted_AndAnotherServerWithTheCertificateReadsWhatTheFirstProtected()
    {
        var certificate = CertificateFile();
        var database = $"Data Source={Path.Combine(_folder, "shared.db")};Default Timeout=60";
        string secret;
        await using (var first = new AppFactory())
        {
            first.Settings["ConnectionStrings:Inventory"] = database;
            first.Settings["DataProtection:CertificatePath"] = certificate;
            first.Settings["DataProtection:CertificatePassword"] = CertificatePassword;
            secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("the refresh token");

            var keys = await StoredKeysAsync(first);
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
            });
        }

        await using var second = new AppFactory();
        second.Settings["ConnectionStrings:Inventory"] = database;
        second.Settings["DataProtection:CertificatePath"] = certificate;
        second.Settings["DataProtection:CertificatePassword"] = CertificatePassword;
        Assert.Equal("the refresh token", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
    }

    [Fact]
    public async Task WithoutACertificate_TheServerSaysOnceAtStart_ThatTheKeysAreUnencrypted()
    {
        await using var app = new LoggedAppFactory();
        using var client = app.CreateClient();
        await client.GetAsync("/health/live");

        var said = app.Logs.Lines.Where(l => l.Contains("DataProtection:CertificatePath", StringComparison.Ordinal)).ToList();

        var line = Assert.Single(said);
        Assert.StartsWith("Warning", line, StringComparison.Ordinal);
        Assert.Contains("unencrypted", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACertificateThatCannotBeRead_StopsTheStart_SayingWhichSetting()
    {
        var notACertificate = Path.Combine(_folder, "broken.pfx");
        await File.WriteAllTextAsync(notACertificate, "not a certificate");
        await using var app = new AppFactory();
        app.Settings["DataProtection:CertificatePath"] = notACertificate;

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("DataProtection:CertificatePath", failure.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ANewDatabase_AndItsFolder_AreCreatedReadableByTheServersUserOnly()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        var file = Path.Combine(_folder, "new-data", "inventory.db");
        await using var app = new AppFactory();
        app.Settings["ConnectionStrings:Inventory"] = $"Data Source={file};Default Timeout=60";
        using var client = app.CreateClient();
        Assert.True((await client.GetAsync("/api/instances")).IsSuccessStatusCode);

        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.GetDirectoryName(file)!) & others);
        foreach (var written in Directory.GetFiles(Path.GetDirectoryName(file)!))
            Assert.True((File.GetUnixFileMode(written) & others) == UnixFileMode.None, $"{written}: {File.GetUnixFileMode(written)}");
    }

    [Fact]
    public async Task TheBuildOutput_OutsideDevelopment_RefusesToStart_SayingToPublish()
    {
        var binaries = Path.Combine(AppFactory.RepositoryRoot(), "Inventory.Blazor", "bin",
            new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(binaries, "Inventory.Blazor.dll")])
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Poll.FreeLoopbackPort()}";
        start.Environment["ConnectionStrings__Inventory"] = $"Data Source={Path.Combine(_folder, "production.db")}";
        start.Environment["Demo__Seed"] = "false";
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The build output kept serving in Production:\n{await output}");
        }

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("dotnet publish", await errors, StringComparison.Ordinal);
    }
}
