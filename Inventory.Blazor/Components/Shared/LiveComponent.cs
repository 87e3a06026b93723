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
    private bool _reloading, _again, _disposed;

    /// <summary>The least time between the starts of two re-queries in a burst.</summary>
    internal static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(100);

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
    /// The first change re-queries at once. Changes that arrive while it runs, or within
    /// <see cref="Spacing"/> of its start, are answered by one more re-query when that time is up, which
    /// sees them all: a burst of a hundred accepts costs each page a re-query every tenth of a second at
    /// most, never one per change, and the last change is always followed by one.
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
                while (true)
                {
                    lock (_gate)
                        _again = false;
                    var started = Environment.TickCount64;
                    await ReloadAsync();
                    StateHasChanged();
                    var wait = Spacing - TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait);
                    if (!ReloadAgain())
                        break;
                }
            }
            catch (Exception ex)
            {
                lock (_gate)
                    _reloading = false;
                await DispatchExceptionAsync(ex);
            }
        });
    }

    /// <summary>Whether changes arrived since the last re-query began; if not, the next change starts one at once.</summary>
    private bool ReloadAgain()
    {
        lock (_gate)
        {
            _reloading = _again && !_disposed;
            return _reloading;
        }
    }

    public virtual void Dispose()
    {
        lock (_gate)
            _disposed = true;
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
