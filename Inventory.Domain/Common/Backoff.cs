namespace Inventory.Domain.Common;

/// <summary>How long to wait before trying again after failures in a row, for every retrying loop of the domain.</summary>
public static class Backoff
{
    /// <summary><paramref name="firstSeconds"/>, doubled <paramref name="doublings"/> times, never above <paramref name="maxSeconds"/>.</summary>
    public static TimeSpan Doubling(double firstSeconds, double maxSeconds, int doublings) =>
        TimeSpan.FromSeconds(Math.Min(maxSeconds, firstSeconds * Math.Pow(2, doublings)));
}
