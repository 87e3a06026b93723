using Microsoft.Extensions.Logging;

namespace Inventory.Domain.Orders;

/// <summary>
/// Asks the label provider for a label; its failure becomes the order's "Label failed" hold rather than
/// an error of the batch. Only cancellation of the whole call passes through.
/// </summary>
public sealed class LabelRequests(ILabelService labels, ILogger<LabelRequests> logger)
{
    /// <summary>The label, or null with the order marked <see cref="Hold.LabelFailed"/>.</summary>
    public async Task<ShippingLabel?> TryCreateAsync(Order order, CancellationToken ct)
    {
        try
        {
            return await labels.CreateLabelAsync(order, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LabelFailed(ex, order.OrderNumber);
            order.MarkLabelFailed(ex.Message);
            return null;
        }
    }
}
