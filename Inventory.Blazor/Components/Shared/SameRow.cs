namespace Inventory.Blazor.Components.Shared;

/// <summary>
/// Grid selection by row identity: a refresh brings new record instances, and the selection must
/// follow the stock item or order, not the object.
/// </summary>
public sealed class SameRow<T>(Func<T, long> id) : IEqualityComparer<T>
{
    public bool Equals(T? x, T? y) => x is null || y is null ? ReferenceEquals(x, y) : id(x) == id(y);

    public int GetHashCode(T obj) => id(obj).GetHashCode();
}
