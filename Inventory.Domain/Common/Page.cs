namespace Inventory.Domain.Common;

/// <summary>One page of a server-side paged list, with the total across all pages.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public static class Paging
{
    /// <summary>
    /// Where page <paramref name="page"/> (from 0) starts, or null when it starts past the last item —
    /// computed without overflow, so page 2,147,483,647 is simply empty.
    /// </summary>
    public static int? Offset(int page, int pageSize, int total)
    {
        var offset = (long)Math.Max(0, page) * pageSize;
        return offset < total ? (int)offset : null;
    }
}
