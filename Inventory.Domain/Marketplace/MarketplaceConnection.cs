using Inventory.Domain.Common;

namespace Inventory.Domain.Marketplace;

public enum MarketplaceKind { AmazonDirectFulfillment }

/// <summary>Amazon's selling-partner regions: each has its own API host.</summary>
public enum AmazonRegion { NA, EU, FE }

/// <summary>
/// An instance's connection to its marketplace account: where to call and as whom. The client secret
/// and the refresh token are stored only as Data Protection ciphertext, and leave the domain only
/// toward the marketplace itself (<see cref="MarketplaceConnections.CredentialsAsync"/>).
/// </summary>
public class MarketplaceConnection
{
    public const int UrlMaxLength = 300;
    public const int IdMaxLength = 200;

    private MarketplaceConnection() { }

    public MarketplaceConnection(int instanceId, DateTime at)
    {
        InstanceId = instanceId;
        ConnectedAt = at;
    }

    public int InstanceId { get; private set; }
    public MarketplaceKind Kind { get; private set; }
    public AmazonRegion Region { get; private set; }
    public string Endpoint { get; private set; } = string.Empty;
    public string TokenEndpoint { get; private set; } = string.Empty;
    public string ClientId { get; private set; } = string.Empty;
    public string ProtectedClientSecret { get; private set; } = string.Empty;
    public string ProtectedRefreshToken { get; private set; } = string.Empty;
    public string SellingPartyId { get; private set; } = string.Empty;
    public DateTime ConnectedAt { get; private set; }
    public DateTime? UpdatedAt { get; private set; }

    /// <summary>Last four characters of the secret and the token: enough for a seller to tell which ones are stored.</summary>
    public string SecretHint { get; private set; } = string.Empty;
    public string RefreshTokenHint { get; private set; } = string.Empty;

    internal void Set(MarketplaceKind kind, AmazonRegion region, Uri endpoint, Uri tokenEndpoint, string clientId, string sellingPartyId, DateTime at)
    {
        Kind = kind;
        Region = region;
        Endpoint = endpoint.ToString().TrimEnd('/');
        TokenEndpoint = tokenEndpoint.ToString();
        ClientId = Fields.Required(clientId, "clientId", IdMaxLength);
        SellingPartyId = Fields.Required(sellingPartyId, "sellingPartyId", IdMaxLength);
        UpdatedAt = at;
    }

    internal void SetSecrets(string protectedClientSecret, string secretHint, string protectedRefreshToken, string refreshTokenHint)
    {
        ProtectedClientSecret = protectedClientSecret;
        SecretHint = secretHint;
        ProtectedRefreshToken = protectedRefreshToken;
        RefreshTokenHint = refreshTokenHint;
    }
}

/// <summary>
/// One message to the marketplace (an acknowledgement), written in the same transaction as the change
/// it reports and sent after the commit until the marketplace takes it: a crash in between loses nothing.
/// Amazon's 202 only says it has the message: the transaction it names is then followed (getTransactionStatus)
/// until Amazon has processed it, to <see cref="TransactionOutcome.Success"/> or <see cref="TransactionOutcome.Failure"/>.
/// </summary>
public class OutboxMessage
{
    private OutboxMessage() { }

    public OutboxMessage(int instanceId, long orderId, OutboxKind kind, bool accepted, string body, DateTime at)
    {
        InstanceId = instanceId;
        OrderId = orderId;
        Kind = kind;
        Accepted = accepted;
        Body = body;
        CreatedAt = at;
        NextAttemptAt = at;
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public long OrderId { get; private set; }
    public OutboxKind Kind { get; private set; }

    /// <summary>An acceptance, or a rejection (out of stock); always true for a shipment confirmation and an invoice.</summary>
    public bool Accepted { get; private set; }

    /// <summary>The request body as the marketplace takes it (JSON), fixed when queued.</summary>
    public string Body { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTime? SentAt { get; private set; }
    public string? TransactionId { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>What Amazon made of the message: Pending until it is sent and its transaction has ended.</summary>
    public TransactionOutcome Outcome { get; private set; }

    /// <summary>When Amazon's transaction ended (Success or Failure).</summary>
    public DateTime? AnsweredAt { get; private set; }

    /// <summary>Amazon's errors when its transaction ended in Failure.</summary>
    public string? Refusal { get; private set; }

    /// <summary>getTransactionStatus calls made for the current send; the wait before the next one doubles with each.</summary>
    public int Checks { get; private set; }

    /// <summary>Amazon took it (202); its transaction is asked about from <paramref name="checkAt"/> on.</summary>
    internal void MarkSent(DateTime at, string transactionId, DateTime checkAt)
    {
        Attempts++;
        SentAt = at;
        TransactionId = transactionId;
        LastError = null;
        NextAttemptAt = checkAt;
    }

    internal void MarkFailed(string error, DateTime retryAt)
    {
        Attempts++;
        LastError = Trim(error);
        NextAttemptAt = retryAt;
    }

    /// <summary>Amazon is still processing it, or could not be asked (<paramref name="error"/>): ask again at <paramref name="nextCheckAt"/>.</summary>
    internal void MarkProcessing(DateTime nextCheckAt, string? error = null)
    {
        Checks++;
        LastError = error is null ? null : Trim(error);
        NextAttemptAt = nextCheckAt;
    }

    internal void MarkConfirmed(DateTime at)
    {
        Checks++;
        Outcome = TransactionOutcome.Success;
        AnsweredAt = at;
        LastError = null;
    }

    /// <summary>Amazon's transaction failed: final until someone fixes the cause and resends (<see cref="Resend"/>).</summary>
    internal void MarkRefused(string errors, DateTime at)
    {
        Checks++;
        Outcome = TransactionOutcome.Failure;
        AnsweredAt = at;
        Refusal = Trim(errors);
        LastError = null;
    }

    /// <summary>
    /// The message cannot be made from what is known (an invoice of lines without a price): it is held as
    /// a refused one is, with the reason in Amazon's place, and never sent as it is.
    /// </summary>
    internal void Hold(string reason, DateTime at)
    {
        Outcome = TransactionOutcome.Failure;
        AnsweredAt = at;
        Refusal = Trim(reason);
        LastError = null;
    }

    /// <summary>Sends a refused message again, with its body made anew; false when Amazon has not refused it.</summary>
    internal bool Resend(string body, DateTime at)
    {
        if (Outcome != TransactionOutcome.Failure)
            return false;
        Body = body;
        Outcome = TransactionOutcome.Pending;
        SentAt = null;
        TransactionId = null;
        AnsweredAt = null;
        Refusal = null;
        LastError = null;
        Checks = 0;
        NextAttemptAt = at;
        return true;
    }

    private static string Trim(string error) => error.Length > 500 ? error[..500] : error;
}

/// <summary>What a message tells the marketplace: an order's acknowledgement (accepted or rejected), that its parcel shipped, or its invoice.</summary>
public enum OutboxKind { Acknowledgement, ShipmentConfirmation, Invoice }

/// <summary>How Amazon's processing of a message went (its Transactions API): Pending until the transaction ends.</summary>
public enum TransactionOutcome { Pending, Success, Failure }

/// <summary>What a seller types to connect an instance; the secret and token are required on the first save only.</summary>
public sealed record MarketplaceConnectionInput(
    MarketplaceKind? Kind, AmazonRegion? Region, string? Endpoint, string? TokenEndpoint,
    string? ClientId, string? ClientSecret, string? RefreshToken, string? SellingPartyId);

/// <summary>A connection as it is shown: the secret and the refresh token only as masks.</summary>
public sealed record MarketplaceConnectionView(
    MarketplaceKind Kind, AmazonRegion Region, string Endpoint, string TokenEndpoint, string ClientId,
    string ClientSecret, string RefreshToken, string SellingPartyId, DateTime ConnectedAt, DateTime? UpdatedAt);

/// <summary>The connection with its secrets in clear: only for the call to the marketplace, never shown or logged.</summary>
public sealed record MarketplaceCredentials(
    int InstanceId, AmazonRegion Region, Uri Endpoint, Uri TokenEndpoint, string ClientId, string ClientSecret, string RefreshToken,
    string SellingPartyId)
{
    /// <summary>An operation's address on this connection's API host; <paramref name="path"/> is relative.</summary>
    internal Uri Api(string path) => new(new Uri(Endpoint.ToString().TrimEnd('/') + "/"), path);

    // A record prints its members; these never go to a log or a message by accident.
    public override string ToString() => $"Amazon connection of instance {InstanceId} ({Region}, {Endpoint})";
}

/// <summary>The answer of Test connection.</summary>
public sealed record ConnectionTest(bool Ok, string Message);
