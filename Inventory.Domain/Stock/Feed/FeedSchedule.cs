namespace Inventory.Domain.Stock.Feed;

/// <summary>
/// When each instance's feed is due: a burst of changes goes as one push once the stock has been quiet
/// for <see cref="FeedOptions.DebounceSeconds"/>, and never later than <see cref="FeedOptions.MaxDelaySeconds"/>
/// after its first change; a failed push is retried after a wait that doubles with each failure in a row.
/// Times are given, never read, so the rules are tested without a clock.
/// </summary>
internal sealed class FeedSchedule(FeedOptions options)
{
    private sealed record State(DateTime FirstChange, DateTime LastChange, DateTime? RetryAt, int Failures);

    private readonly Dictionary<int, State> _states = new();
    private readonly Lock _gate = new();

    public void Changed(int instanceId, DateTime now)
    {
        lock (_gate)
            _states[instanceId] = _states.TryGetValue(instanceId, out var s)
                ? s with { LastChange = now }
                : new State(now, now, null, 0);
    }

    public IReadOnlyList<int> Due(DateTime now)
    {
        lock (_gate)
            return _states.Where(e => e.Value.RetryAt is { } retry
                    ? now >= retry
                    : (now - e.Value.LastChange).TotalSeconds >= options.DebounceSeconds
                      || (now - e.Value.FirstChange).TotalSeconds >= options.MaxDelaySeconds)
                .Select(e => e.Key).ToList();
    }

    /// <summary>A push that started at <paramref name="startedAt"/> went through; changes since then wait for the next.</summary>
    public void Pushed(int instanceId, DateTime startedAt)
    {
        lock (_gate)
        {
            if (_states.TryGetValue(instanceId, out var s) && s.LastChange > startedAt)
                _states[instanceId] = new State(s.LastChange, s.LastChange, null, 0);
            else
                _states.Remove(instanceId);
        }
    }

    /// <summary>Nothing to push for the instance (its feed is off): forget it until it changes again.</summary>
    public void Forget(int instanceId)
    {
        lock (_gate)
            _states.Remove(instanceId);
    }

    /// <returns>When the push is tried again.</returns>
    public DateTime Failed(int instanceId, DateTime now)
    {
        lock (_gate)
        {
            var failures = (_states.TryGetValue(instanceId, out var s) ? s.Failures : 0) + 1;
            var retryAt = now + Common.Backoff.Doubling(options.RetrySeconds, options.MaxBackoffSeconds, failures - 1);
            _states[instanceId] = new State(s?.FirstChange ?? now, s?.LastChange ?? now, retryAt, failures);
            return retryAt;
        }
    }
}
