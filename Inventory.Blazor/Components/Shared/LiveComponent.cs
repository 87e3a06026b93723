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
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private bool _reloading, _again;

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

    /// <summary>
    /// A burst of changes (a hundred accepts) costs at most the re-query running when it starts and one
    /// more after it, which sees every change that arrived meanwhile: never one re-query per change.
    /// </summary>
    private Task OnChangeAsync(Change change)
    {
        if (change is not EverythingChanged && !Shows(change))
            return Task.CompletedTask;
        lock (_gate)
        {
            if (_reloading)
            {
                _again = true;
                return Task.CompletedTask;
            }
            _reloading = true;
        }
        return InvokeAsync(async () =>
        {
            try
            {
                do
                {
                    lock (_gate)
                        _again = false;
                    await ReloadAsync();
                    StateHasChanged();
                }
                while (ReloadAgain());
            }
            catch (Exception ex)
            {
                lock (_gate)
                    _reloading = false;
                await DispatchExceptionAsync(ex);
            }
        });
    }

    /// <summary>Whether changes arrived during the last re-query; if not, the next change starts one afresh.</summary>
    private bool ReloadAgain()
    {
        lock (_gate)
        {
            _reloading = _again;
            return _again;
        }
    }

    public virtual void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
