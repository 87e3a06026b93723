using System.Threading.Channels;
using Inventory.Domain.Notifications;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inventory.Domain.Marketplace;

/// <summary>
/// Sends the outbox: every message not yet taken by the marketplace, oldest first, through the instance's
/// marketplace (<see cref="IMarketplace"/>) until it takes it; then follows the transaction it named on the same rounds, waiting longer
/// after each answer of Processing, until it ends in Success (confirmed) or Failure (refused, held until
/// someone resends it). It runs on start (what a crash left behind goes out then), whenever orders change, and on a slow
/// poll for retries; a failed message waits longer after each failure. With several servers, one sends
/// at a time (a lease), so a message is not sent twice by two of them at once.
/// </summary>
public sealed class OutboxSender(
    IDbContextFactory<InventoryDbContext> dbFactory,
    Marketplaces marketplaces,
    IChangeNotifier notifier,
    Leases leases,
    Orders.OrderLabelling labelling,
    Orders.OrderShipping shipping,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private const string Lease = "outbox";
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);
    private const int Batch = 50;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = notifier.Subscribe(change =>
        {
            // An instance change may be a push of the feed, whose transactions are followed here too.
            if (change is OrdersChanged or InstanceChanged)
                _wake.Writer.TryWrite(true);
            return Task.CompletedTask;
        });
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.OutboxPollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = poll;
            try
            {
                await SendDueAsync(stoppingToken);
                // A transaction to ask about (or a retry) falling due before the poll comes round is not kept waiting.
                if (await NextDueAsync(stoppingToken) is { } next)
                    wait = TimeSpan.FromTicks(Math.Clamp((next - clock.GetUtcNow().UtcDateTime).Ticks, TimeSpan.FromMilliseconds(50).Ticks, poll.Ticks));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.OutboxRoundFailed(ex);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(wait);
            try
            {
                await _wake.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll came round: look for retries that are due.
            }
        }
    }

    private async Task<DateTime?> NextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.OutboxMessages.Where(m => m.Outcome == TransactionOutcome.Pending).MinAsync(m => (DateTime?)m.NextAttemptAt, ct);
        var feed = await db.FeedTransactions.Where(t => t.Outcome == TransactionOutcome.Pending).MinAsync(t => (DateTime?)t.NextCheckAt, ct);
        return message is null ? feed : feed is null ? message : message < feed ? message : feed;
    }

    /// <summary>Sends every message that is due and asks its marketplace about every transaction due a check; returns how many were taken.</summary>
    internal async Task<int> SendDueAsync(CancellationToken ct)
    {
        // Woken by every order change of every instance: a read of the few unsent rows (a partial index)
        // answers "nothing to do" without writing the lease, which would queue behind SQLite's write lock.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (!await db.OutboxMessages.AnyAsync(m => m.Outcome == TransactionOutcome.Pending && m.NextAttemptAt <= now, ct)
                && !await db.FeedTransactions.AnyAsync(t => t.Outcome == TransactionOutcome.Pending && t.NextCheckAt <= now, ct))
                return 0;
        }
        if (!await leases.TryTakeAsync(Lease, LeaseTime, ct))
            return 0;
        var sent = 0;
        var touched = new HashSet<int>();
        var feedsAnswered = new HashSet<int>();
        var acknowledged = new List<(int InstanceId, long OrderId)>();
        var shipped = new List<(int InstanceId, long OrderId)>();
        try
        {
            var served = new Dictionary<int, IMarketplace?>();
            List<OutboxMessage> due;
            // Each message is looked at once a round, even one that failed with no wait before its retry.
            var after = 0L;
            do
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var now = clock.GetUtcNow().UtcDateTime;
                due = await db.OutboxMessages
                    .Where(m => m.Outcome == TransactionOutcome.Pending && m.NextAttemptAt <= now && m.Id > after)
                    .OrderBy(m => m.Id).Take(Batch).ToListAsync(ct);
                foreach (var message in due)
                {
                    // A send may take as long as the marketplace's retries do: the lease is renewed before each, and
                    // a server that lost it stops, so no message is sent by two servers at once.
                    if (!await leases.TryTakeAsync(Lease, LeaseTime, ct))
                        return sent;
                    after = message.Id;
                    touched.Add(message.InstanceId);
                    if (!served.TryGetValue(message.InstanceId, out var marketplace))
                        served[message.InstanceId] = marketplace = await marketplaces.ForAsync(message.InstanceId, MarketplaceCapabilities.None, ct);
                    try
                    {
                        if (marketplace is null || !marketplace.Capabilities.HasFlag(Needed(message)))
                            throw new MarketplaceException("The instance is no longer connected to Amazon; connect it again to send this.");
                        if (message.SentAt is null)
                        {
                            var transactionId = await marketplace.SendAsync(message, ct);
                            var at = clock.GetUtcNow().UtcDateTime;
                            message.MarkSent(at, transactionId, at + CheckWait(0));
                            sent++;
                        }
                        else if (await CheckAsync(marketplace, message, ct))
                        {
                            if (message.Kind == OutboxKind.ShipmentConfirmation)
                                shipped.Add((message.InstanceId, message.OrderId));
                            else if (message is { Kind: OutboxKind.Acknowledgement, Accepted: true })
                                acknowledged.Add((message.InstanceId, message.OrderId));
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        logger.OutboxSendFailed(message.Id, message.OrderId, ex.Message);
                        if (message.SentAt is null)
                            message.MarkFailed(ex.Message, clock.GetUtcNow().UtcDateTime + CheckWait(message.Attempts));
                        else
                            message.MarkProcessing(clock.GetUtcNow().UtcDateTime + CheckWait(message.Checks + 1), ex.Message);
                    }
                    await db.SaveChangesAsync(ct);
                }
            }
            while (due.Count == Batch);
            if (!await FollowFeedAsync(served, feedsAnswered, ct))
                return sent;
        }
        finally
        {
            await leases.ReleaseAsync(Lease, CancellationToken.None);
            foreach (var instanceId in touched)
                notifier.Publish(new OrdersChanged(instanceId));
            foreach (var instanceId in feedsAnswered)
                notifier.Publish(new InstanceChanged(instanceId)); // the instance page shows the feed's status
        }
        await AutoLabelAsync(acknowledged, ct);
        // The marketplace confirmed the shipment: only now does the order move to Shipped.
        foreach (var group in shipped.GroupBy(s => s.InstanceId))
            await shipping.ConfirmAsync(group.Key, group.Select(s => s.OrderId), ct);
        return sent;
    }

    /// <summary>
    /// The inventory feed's transactions (each batch the marketplace took) are followed on the same rounds and
    /// lease: Success confirms the batch; Failure puts the feed's cursor back to where its push started,
    /// so the refused items go again with the next push. False when the lease was lost.
    /// </summary>
    private async Task<bool> FollowFeedAsync(Dictionary<int, IMarketplace?> served, HashSet<int> touched, CancellationToken ct)
    {
        List<Stock.Feed.FeedTransaction> due;
        var after = 0L;
        do
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            due = await db.FeedTransactions
                .Where(t => t.Outcome == TransactionOutcome.Pending && t.NextCheckAt <= now && t.Id > after)
                .OrderBy(t => t.Id).Take(Batch).ToListAsync(ct);
            foreach (var transaction in due)
            {
                if (!await leases.TryTakeAsync(Lease, LeaseTime, ct))
                    return false;
                after = transaction.Id;
                if (!served.TryGetValue(transaction.InstanceId, out var marketplace))
                    served[transaction.InstanceId] = marketplace = await marketplaces.ForAsync(transaction.InstanceId, MarketplaceCapabilities.None, ct);
                try
                {
                    if (marketplace is null || !marketplace.Capabilities.HasFlag(MarketplaceCapabilities.InventoryFeed | MarketplaceCapabilities.FollowsTransactions))
                        throw new MarketplaceException("The instance is no longer connected to Amazon.");
                    var status = await marketplace.TransactionAsync(transaction.InstanceId, transaction.TransactionId, ct);
                    var at = clock.GetUtcNow().UtcDateTime;
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    switch (status.Outcome)
                    {
                        case TransactionOutcome.Success:
                            transaction.MarkConfirmed(at);
                            break;
                        case TransactionOutcome.Failure:
                            transaction.MarkRefused(status.Error ?? "The marketplace reported the transaction as failed without an error.", at);
                            await Stock.Feed.InventoryFeed.RefusedAsync(db, transaction, ct);
                            logger.FeedRefused(transaction.Id, transaction.InstanceId, transaction.Refusal!);
                            break;
                        default: // Processing
                            transaction.MarkProcessing(at + CheckWait(transaction.Checks + 1));
                            break;
                    }
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                    if (transaction.Outcome != TransactionOutcome.Pending)
                        touched.Add(transaction.InstanceId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    logger.FeedCheckFailed(transaction.Id, transaction.InstanceId, ex.Message);
                    db.ChangeTracker.Clear();
                    db.Attach(transaction);
                    transaction.MarkProcessing(clock.GetUtcNow().UtcDateTime + CheckWait(transaction.Checks + 1));
                    await db.SaveChangesAsync(ct);
                }
            }
        }
        while (due.Count == Batch);
        return true;
    }

    /// <summary>What a marketplace must be able to do to take the message.</summary>
    private static MarketplaceCapabilities Needed(OutboxMessage message) => message.Kind switch
    {
        OutboxKind.ShipmentConfirmation => MarketplaceCapabilities.ShipmentConfirmation,
        OutboxKind.Invoice => MarketplaceCapabilities.Invoices,
        _ => message.Accepted ? MarketplaceCapabilities.Acknowledge : MarketplaceCapabilities.Reject,
    };

    /// <summary>Asks the marketplace how the message's transaction went; true when it has just ended in Success.</summary>
    private async Task<bool> CheckAsync(IMarketplace marketplace, OutboxMessage message, CancellationToken ct)
    {
        var transaction = await marketplace.TransactionAsync(message.InstanceId, message.TransactionId!, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (transaction.Outcome)
        {
            case TransactionOutcome.Success:
                message.MarkConfirmed(now);
                return true;
            case TransactionOutcome.Failure:
                message.MarkRefused(transaction.Error ?? "The marketplace reported the transaction as failed without an error.", now);
                logger.OutboxRefused(message.Id, message.OrderId, message.Refusal!);
                return false;
            default: // Processing
                message.MarkProcessing(now + CheckWait(message.Checks + 1));
                return false;
        }
    }

    /// <summary>The wait before the next send or check, doubling with each one that did not end it.</summary>
    private TimeSpan CheckWait(int doublings) =>
        Common.Backoff.Doubling(options.Value.OutboxRetrySeconds, options.Value.OutboxMaxBackoffSeconds, doublings);

    /// <summary>
    /// Auto Label on a connected instance: an order is labelled once the marketplace has confirmed its acknowledgement
    /// (its transaction ended in Success; Amazon makes labels only then). A label that fails leaves the order Accepted with the reason, as Create label does.
    /// </summary>
    private async Task AutoLabelAsync(List<(int InstanceId, long OrderId)> acknowledged, CancellationToken ct)
    {
        if (acknowledged.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instanceIds = acknowledged.Select(a => a.InstanceId).Distinct().ToList();
        var autoLabel = await db.Instances.Where(i => instanceIds.Contains(i.Id) && i.AutoLabel).Select(i => i.Id).ToListAsync(ct);
        foreach (var group in acknowledged.Where(a => autoLabel.Contains(a.InstanceId)).GroupBy(a => a.InstanceId))
            await labelling.CreateLabelAsync(group.Key, group.Select(a => a.OrderId), Common.Actor.System, ct);
    }
}

/// <summary>
/// How the outbox paces itself. Bound to <c>Amazon:Outbox*</c>, the keys operators already set, whichever
/// marketplace the messages go to.
/// </summary>
public sealed class OutboxOptions
{
    public const string Section = "Amazon";

    /// <summary>How often the outbox looks for messages due, besides being woken by every order change.</summary>
    public double OutboxPollSeconds { get; set; } = 15;

    /// <summary>The first wait after a failed send; it doubles with each failure, up to <see cref="OutboxMaxBackoffSeconds"/>.</summary>
    public double OutboxRetrySeconds { get; set; } = 5;

    public double OutboxMaxBackoffSeconds { get; set; } = 1800;
}
