using Inventory.Domain.Orders;

namespace Inventory.Blazor;

/// <summary>
/// The words sellers know from their help pages, made from the domain's typed state. Pages and the
/// HTTP API both say them from here.
/// </summary>
public static class Words
{
    public const string NoInventory = "No inventory";

    /// <summary>Said before the ASINs of an order's lines that the item map does not know.</summary>
    public const string UnknownItem = "Unknown item";

    /// <summary>One answer for an unknown email, a wrong password and a locked-out user, so a guesser learns nothing.</summary>
    public const string SignInRefused =
        "The email or password is wrong, or sign-in is paused for 15 minutes after five wrong passwords.";

    /// <summary>Said only after the right password.</summary>
    public const string UserDisabled = "This user is disabled. Ask your administrator.";

    /// <summary>Told once, at the first sign-in after a lockout.</summary>
    public static string LockedOutSince(DateTimeOffset until) =>
        $"Password sign-in was locked until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC after five wrong passwords. "
        + "If that was not you, someone tried to guess your password; it held, and your API tokens kept working.";

    /// <summary>The order's marketplace state as the API says it: "sent", "confirmed", "refused", or null (not connected).</summary>
    public static string? MarketplaceStatus(MarketplaceStatus? status) => status?.ToString().ToLowerInvariant();

    /// <summary>The same as the Orders page says it: "sent", "confirmed by Amazon", "refused by Amazon: …".</summary>
    /// <param name="held">The message never reached Amazon (it could not be made): it was not Amazon that refused it.</param>
    public static string? MarketplaceState(MarketplaceStatus? status, string? error, bool held = false) => status switch
    {
        Domain.Orders.MarketplaceStatus.Sent => "sent",
        Domain.Orders.MarketplaceStatus.Confirmed => "confirmed by Amazon",
        Domain.Orders.MarketplaceStatus.Refused when held => $"not sent to Amazon: {error}",
        Domain.Orders.MarketplaceStatus.Refused => $"refused by Amazon: {error}",
        _ => null,
    };

    public const string WaitingForConfirmation = "waiting for Amazon to confirm the acknowledgement";

    public const string WaitingForShipmentConfirmation = "waiting for Amazon to confirm the shipment";

    /// <summary>Beside an order Amazon wants its packing slip in: the vendor must print it and put it in the parcel.</summary>
    public const string PackingSlipRequired = "packing slip required";

    public const string PrintAll = "Print all";

    public const string PackingSlip = "Packing slip";

    /// <summary>What a message to Amazon was: "Acceptance", "Rejection" or "Shipment confirmation".</summary>
    public static string MessageKind(Domain.Marketplace.OutboxKind kind, bool accepted) => kind switch
    {
        Domain.Marketplace.OutboxKind.ShipmentConfirmation => "Shipment confirmation",
        Domain.Marketplace.OutboxKind.Invoice => "Invoice",
        _ => accepted ? "Acceptance" : "Rejection",
    };

    /// <summary>What is shown beside an order number: "No inventory", "Label failed: …", "Unknown item B0…", or nothing.</summary>
    public static string? Hold(Hold hold, string? detail) => hold switch
    {
        Domain.Orders.Hold.NoInventory => NoInventory,
        Domain.Orders.Hold.LabelFailed => $"Label failed: {detail}",
        Domain.Orders.Hold.UnknownItem => $"{UnknownItem} {detail}",
        _ => null,
    };
}
