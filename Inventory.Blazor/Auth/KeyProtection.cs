using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Inventory.Domain.Accounts;
using Microsoft.AspNetCore.DataProtection;

namespace Inventory.Blazor.Auth;

/// <summary>
/// The Data Protection keys live in the database, shared by every server; they protect sign-in cookies and
/// the marketplace secrets stored beside them. With a certificate (<c>DataProtection:CertificatePath</c>, a
/// .pfx, and <c>DataProtection:CertificatePassword</c>) each key is encrypted before it is stored, so a copy
/// of the database alone opens nothing. Without one, the server says so once at start.
/// </summary>
internal static partial class KeyProtection
{
    public const string Section = "DataProtection";

    public static void AddKeyProtection(this WebApplicationBuilder builder)
    {
        var keys = builder.Services.AddDataProtection().SetApplicationName("Inventory").PersistKeysToDbContext<UsersDbContext>();
        if (Certificate(builder.Configuration) is { } certificate)
            keys.ProtectKeysWithCertificate(certificate); // also the certificate that decrypts them: no machine store is needed
    }

    public static void WarnWhenKeysAreUnprotected(this WebApplication app)
    {
        if (string.IsNullOrWhiteSpace(app.Configuration[$"{Section}:CertificatePath"]))
            KeysUnprotected(app.Logger);
    }

    private static X509Certificate2? Certificate(ConfigurationManager configuration)
    {
        if (configuration[$"{Section}:CertificatePath"] is not { Length: > 0 } path)
            return null;
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[$"{Section}:CertificatePassword"]);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{Section}:CertificatePath is {path}, which could not be read as a .pfx certificate ({ex.Message}). Check the path and " +
                $"{Section}:CertificatePassword, or remove both to keep the keys unencrypted.", ex);
        }
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException(
                $"The certificate in {path} ({Section}:CertificatePath) has no private key, so the keys it encrypted could not be read back. " +
                "Export it with its private key (a .pfx).");
        return certificate;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "The Data Protection keys (which protect sign-in cookies and the stored marketplace secrets) are kept unencrypted in the " +
        "database: anyone who can read the database file or a backup of it can use them. Set DataProtection:CertificatePath (a .pfx) " +
        "and DataProtection:CertificatePassword to encrypt them; see docs/operating.md.")]
    private static partial void KeysUnprotected(ILogger logger);
}
