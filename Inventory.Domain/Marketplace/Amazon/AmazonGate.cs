using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Inventory.Domain.Marketplace.Amazon;

/// <summary>
/// The outermost handler of every call to Amazon. It sends nothing to an address that is not allowed
/// (<see cref="AmazonEndpoints"/>), and says a failure to reach Amazon in the product's words: a transport
/// error names the address and port it tried ("Connection refused (127.0.0.1:1)"), which, shown to an
/// Admin, would make Test connection a scanner of the server's network. The full error goes to the log.
/// </summary>
internal sealed partial class AmazonGate(AmazonEndpoints endpoints, ILogger<AmazonGate> logger) : DelegatingHandler
{
    public const string NotReached = "Amazon could not be reached; check the connection's region and try again later.";
    public const string NotInTime = "Amazon did not answer in time; try again later.";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { } uri || !endpoints.Allows(uri))
            throw new MarketplaceException(
                "Nothing was sent: the connection's address is not one of Amazon's and is not listed in the server's Amazon:AllowedEndpoints. " +
                "Save the connection with Amazon's address for its region.");
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or BrokenCircuitException)
        {
            Unreachable(logger, ex);
            throw new MarketplaceException(NotReached);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or TimeoutException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Unreachable(logger, ex);
            throw new MarketplaceException(NotInTime);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A call to Amazon failed before Amazon answered")]
    private static partial void Unreachable(ILogger logger, Exception ex);
}
