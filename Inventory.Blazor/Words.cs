using Inventory.Domain.Orders;

namespace Inventory.Blazor;

/// <summary>
/// The words sellers know from their help pages, made from the domain's typed state. Pages and the
/// HTTP API both say them from here.
/// </summary>
public static class Words
{
    public const string NoInventory = "No inventory";

    /// <summary>What is shown beside an order number: "No inventory", "Label failed: …", or nothing.</summary>
    public static string? Hold(Hold hold, string? detail) => hold switch
    {
        Domain.Orders.Hold.NoInventory => NoInventory,
        Domain.Orders.Hold.LabelFailed => $"Label failed: {detail}",
        _ => null,
    };
}
