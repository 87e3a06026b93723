using Inventory.Domain.Common;
using Inventory.Domain.Instances;
using Inventory.Domain.Notifications;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Tests.TestSupport;

/// <summary>The domain's services by name, for whatever hosts them: a bare test database or the running app.</summary>
public abstract class DomainServices
{
    public abstract IServiceProvider Services { get; }
    public InstanceService Instances => Services.GetRequiredService<InstanceService>();
    public InventoryService Inventory => Services.GetRequiredService<InventoryService>();
    public StockQueries Stock => Services.GetRequiredService<StockQueries>();
    public OrderQueries Orders => Services.GetRequiredService<OrderQueries>();
    public OrderIntake Intake => Services.GetRequiredService<OrderIntake>();
    public OrderAcceptance Acceptance => Services.GetRequiredService<OrderAcceptance>();
    public OrderLabelling Labelling => Services.GetRequiredService<OrderLabelling>();
    public OrderCancellation Cancellation => Services.GetRequiredService<OrderCancellation>();
    public OrderShipping Shipping => Services.GetRequiredService<OrderShipping>();
    public HeldOrderRelease Release => Services.GetRequiredService<HeldOrderRelease>();
    public IChangeNotifier Notifier => Services.GetRequiredService<IChangeNotifier>();

    /// <summary>Who the builders and assertions act as: an Admin of the account the test works in.</summary>
    public abstract Actor User { get; }
}
