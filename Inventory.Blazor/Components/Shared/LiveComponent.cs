using Inventory.Domain.Common;
using Inventory.Domain.Notifications;
using Microsoft.AspNetCore.Components;

namespace Inventory.Blazor.Components.Shared;

/// <summary>
/// A component that re-queries when the domain publishes a change it shows, from any browser, API
/// call or background job. It subscribes after the first interactive render (prerendering never
/// subscribes) and unsubscribes when disposed.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Inject] private ScopedChanges Changes { get; set; } = default!;

    /// <summary>Who is signed in, from the layout: every domain call acts as them, and only their account's changes arrive.</summary>
    [CascadingParameter] protected Actor Actor { get; set; } = default!;

    /// <summary>Whether a change concerns what this component shows.</summary>
    protected abstract bool Shows(Change change);

    /// <summary>Re-query what the component shows.</summary>
    protected abstract Task ReloadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
            _subscription = Changes.Subscribe(() => Actor, OnChangeAsync);
    }

    private Task OnChangeAsync(Change change) => change is not EverythingChanged && !Shows(change)
        ? Task.CompletedTask
        : InvokeAsync(async () =>
        {
            try
            {
                await ReloadAsync();
                StateHasChanged();
            }
            catch (Exception ex)
            {
                await DispatchExceptionAsync(ex);
            }
        });

    public virtual void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
