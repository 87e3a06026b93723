using Inventory.Domain.Notifications;
using Microsoft.Extensions.Logging;

namespace Inventory.Domain;

/// <summary>The domain's log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A change subscriber failed on {Change}")]
    public static partial void SubscriberFailed(this ILogger logger, Exception ex, Change change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-checked {Count} held order(s) of instance {InstanceId}: {Moved} moved")]
    public static partial void HeldOrdersRechecked(this ILogger logger, int count, int instanceId, int moved);

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-checking held orders of instance {InstanceId} failed")]
    public static partial void RecheckFailed(this ILogger logger, Exception ex, int instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of instance {InstanceId} failed")]
    public static partial void SyncFailed(this ILogger logger, Exception ex, int instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Marketplace sync round failed")]
    public static partial void SyncRoundFailed(this ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of {Instance} failed ({Failures} in a row): {Message}")]
    public static partial void SyncFailing(this ILogger logger, string instance, int failures, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory feed of instance {InstanceId} failed; retried at {RetryAt:u}: {Message}")]
    public static partial void FeedFailing(this ILogger logger, int instanceId, DateTime retryAt, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {OrderNumber} of instance {InstanceId} failed; the batch goes on")]
    public static partial void OrderFailed(this ILogger logger, Exception ex, string orderNumber, int instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Label for order {OrderNumber} failed")]
    public static partial void LabelFailed(this ILogger logger, Exception ex, string orderNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {EndPoint} lost ({Failure}); live updates between servers pause, stock operations go on")]
    public static partial void RedisLost(this ILogger logger, Exception? ex, string? endPoint, StackExchange.Redis.ConnectionFailureType failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis at {EndPoint} is back; pages re-query")]
    public static partial void RedisBack(this ILogger logger, string? endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change was not sent through Redis: {Reason}")]
    public static partial void RedisPublishFailed(this ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of the marketplace outbox failed; it is tried again")]
    public static partial void OutboxRoundFailed(this ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} (order {OrderId}) was not taken; retried later: {Message}")]
    public static partial void OutboxSendFailed(this ILogger logger, long messageId, long orderId, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amazon refused outbox message {MessageId} (order {OrderId}); it waits for a resend: {Errors}")]
    public static partial void OutboxRefused(this ILogger logger, long messageId, long orderId, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Amazon refused inventory feed transaction {TransactionId} (instance {InstanceId}); its items go again with the next push: {Errors}")]
    public static partial void FeedRefused(this ILogger logger, long transactionId, int instanceId, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask Amazon about inventory feed transaction {TransactionId} (instance {InstanceId}): {Error}")]
    public static partial void FeedCheckFailed(this ILogger logger, long transactionId, int instanceId, string error);
}
