namespace Inventory.Blazor.Components.Shared;

/// <summary>The instance the pages work on, per browser circuit, so it survives navigation.</summary>
public sealed class InstanceSelection
{
    public int? Current { get; private set; }

    public event Action? Changed;

    public void Select(int instanceId)
    {
        if (Current == instanceId)
            return;
        Current = instanceId;
        Changed?.Invoke();
    }
}
