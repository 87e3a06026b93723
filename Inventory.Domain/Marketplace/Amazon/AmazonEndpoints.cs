using Inventory.Domain.Common;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// Where an Amazon connection may send its refresh token and client secret: Amazon's own hosts, fixed per
/// region (the Selling Partner API's regional and sandbox hosts, Login with Amazon's token endpoints, as
/// Amazon's docs list them), and the origins the operator lists in <c>Amazon:AllowedEndpoints</c> (a local
/// stand-in). An address typed into the API or the page is never enough on its own: otherwise any Admin,
/// one made by self-service sign-up too, could aim the server's requests and the secrets at a machine
/// inside its network.
/// </summary>
public sealed class AmazonEndpoints(IOptionsMonitor<AmazonOptions> options) : IMarketplaceEndpoints
{
    Uri IMarketplaceEndpoints.Api(string? value, AmazonRegion region) => Api(value, region);

    Uri IMarketplaceEndpoints.Token(string? value) => Token(value);

    public static readonly Uri DefaultToken = new("https://api.amazon.com/auth/o2/token");

    private const string TokenPath = "/auth/o2/token";
    private static readonly string[] TokenHosts = ["api.amazon.com", "api.amazon.co.uk", "api.amazon.co.jp"];

    /// <summary>The Selling Partner API's host for <paramref name="region"/>.</summary>
    public static Uri DefaultApi(AmazonRegion region) => new($"https://{ApiHost(region)}");

    private static string ApiHost(AmazonRegion region) => region switch
    {
        AmazonRegion.EU => "sellingpartnerapi-eu.amazon.com",
        AmazonRegion.FE => "sellingpartnerapi-fe.amazon.com",
        _ => "sellingpartnerapi-na.amazon.com",
    };

    private static IEnumerable<string> ApiHosts(AmazonRegion region) => [ApiHost(region), "sandbox." + ApiHost(region)];

    /// <summary>The connection's API address: the region's host when none is given, else Amazon's own for that region or a listed one.</summary>
    internal Uri Api(string? value, AmazonRegion region)
    {
        if (Parse(value, "endpoint") is not { } uri)
            return DefaultApi(region);
        if ((IsAmazon(uri, ApiHosts(region)) && uri.AbsolutePath == "/") || Listed(uri))
            return uri;
        throw new ValidationException("endpoint",
            $"endpoint must be Amazon's Selling Partner API host for region {region} ({DefaultApi(region)}), or an address the server's " +
            "operator lists in Amazon:AllowedEndpoints.");
    }

    /// <summary>The connection's Login with Amazon address: Amazon's token endpoint when none is given, else one of Amazon's or a listed one.</summary>
    internal Uri Token(string? value)
    {
        if (Parse(value, "tokenEndpoint") is not { } uri)
            return DefaultToken;
        if ((IsAmazon(uri, TokenHosts) && uri.AbsolutePath == TokenPath) || Listed(uri))
            return uri;
        throw new ValidationException("tokenEndpoint",
            $"tokenEndpoint must be Login with Amazon's token endpoint ({DefaultToken}), or an address the server's operator lists in " +
            "Amazon:AllowedEndpoints.");
    }

    /// <summary>
    /// Whether a request may go to <paramref name="uri"/>, asked again before every call: a connection saved
    /// while its address was listed stops once the operator takes it off the list.
    /// </summary>
    internal bool Allows(Uri uri) =>
        uri.UserInfo.Length == 0
        && (IsAmazon(uri, [.. Enum.GetValues<AmazonRegion>().SelectMany(ApiHosts), .. TokenHosts]) || Listed(uri));

    /// <summary>The entries of <c>Amazon:AllowedEndpoints</c> that are not an http(s) origin, for the check at start.</summary>
    public static IEnumerable<string> Unusable(AmazonOptions options) =>
        options.AllowedEndpoints.Where(e => Origin(e) is null);

    private static bool IsAmazon(Uri uri, IEnumerable<string> hosts) =>
        uri.Scheme == Uri.UriSchemeHttps && uri.IsDefaultPort && hosts.Contains(uri.IdnHost, StringComparer.OrdinalIgnoreCase);

    private bool Listed(Uri uri) => options.CurrentValue.AllowedEndpoints.Select(Origin).Any(origin =>
        origin is not null && origin.Scheme == uri.Scheme && origin.Port == uri.Port
        && string.Equals(origin.IdnHost, uri.IdnHost, StringComparison.OrdinalIgnoreCase));

    private static Uri? Origin(string entry) =>
        Uri.TryCreate(entry.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                                                                    && uri.UserInfo.Length == 0
            ? uri
            : null;

    private static Uri? Parse(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (value.Length > MarketplaceConnection.UrlMaxLength || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new ValidationException(field, $"{field} must be an https:// address.");
        // Credentials in the address would travel to wherever it points, and a query or fragment has no place in Amazon's.
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ValidationException(field, $"{field} must be a plain address: no user name, password, query or fragment.");
        return uri;
    }
}
