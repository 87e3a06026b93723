using Inventory.Domain.Import;
using Inventory.Domain.Orders;
using Inventory.Domain.Stock;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Persistence;

/// <summary>
/// The provider port: everything that differs between database engines sits behind it — the EF
/// provider and its connection settings, engine pragmas, and the stock statements that must be
/// written in the engine's own dialect (conditional updates with <c>RETURNING</c>, upserts, bulk
/// staging). Each engine implements it once in its own folder (<c>Persistence/Sqlite/</c>); the rest
/// of the domain speaks EF Core and this interface only.
/// </summary>
public interface IDatabaseEngine
{
    /// <summary>Points EF Core at the database: provider, connection string, interceptors, migrations.</summary>
    void Configure(DbContextOptionsBuilder options);

    /// <summary>
    /// Held while a server creates and migrates the database and its first administrator, so servers
    /// starting at once take turns. Disposing it lets the next one in.
    /// </summary>
    Task<IAsyncDisposable> StartupLockAsync(DbContext db, CancellationToken ct);

    /// <summary>Runs once after the migrations: settings the engine keeps in the database itself.</summary>
    Task PrepareAsync(InventoryDbContext db, CancellationToken ct);

    /// <summary>
    /// The stock statements on <paramref name="db"/>'s connection (opened by the caller), prepared on
    /// first use and reused for the rest of a bulk call. They join the context's current transaction.
    /// </summary>
    IBulkStatements BulkStatements(InventoryDbContext db);

    /// <summary>Starts staging one import's rows on <paramref name="db"/>'s connection, outside any write lock.</summary>
    Task<IImportStaging> BeginImportAsync(InventoryDbContext db, CancellationToken ct);

    /// <summary>
    /// Rules 1, 2: sets every item of a previewed import to its quantity (its count carried forward
    /// first), writes an Import movement for each one created or changed and marks the import applied,
    /// in one transaction that no order's stock change interleaves with.
    /// </summary>
    Task<AppliedImport> ApplyImportAsync(InventoryDbContext db, ImportApplication apply, CancellationToken ct);

    /// <summary>
    /// How many of the instance's items have a SKU key containing <paramref name="skuKey"/>, counted
    /// through the engine's own substring index; null when it has none for this search, and a plain
    /// <c>LIKE '%…%'</c> is the way (then served by an index, or a scan for fewer than three characters).
    /// </summary>
    Task<int?> CountSkusAsync(InventoryDbContext db, int instanceId, string skuKey, CancellationToken ct);

    /// <summary>
    /// Those items (<paramref name="count"/> of them, as counted), to filter, sort and page further,
    /// read the way that suits so many.
    /// </summary>
    IQueryable<StockItem> FindSkus(InventoryDbContext db, int instanceId, string skuKey, int count);

    /// <summary>
    /// Whether skipping rows by offset reads each skipped row from the table (PostgreSQL) rather than
    /// the sort's index alone (SQLite): then a deep page is found by its keys first.
    /// </summary>
    bool OffsetReadsSkippedRows { get; }
}


/// <summary>A stock item as a statement left it.</summary>
public sealed record TouchedItem(StockItemKey Key, int QuantityAfter);

/// <summary>
/// The statements a bulk call repeats for every order, prepared once: the instance's order-flow
/// switches (read inside each order's transaction, rule 4), the quantity changes (only
/// <see cref="StockLedger"/> calls those) and the save of an order's state.
/// </summary>
public interface IBulkStatements : IAsyncDisposable
{
    /// <summary>Inventory Check and Auto Label as they stand now; null when the instance does not exist.</summary>
    Task<FlowSettings?> FlowSettingsAsync(int instanceId, CancellationToken ct);

    /// <summary>
    /// Rule 9: subtracts <paramref name="quantity"/> in one conditional statement — only when enough is
    /// on hand if <paramref name="enforce"/> is set. Null when nothing changed (untracked, or short).
    /// </summary>
    Task<TouchedItem?> TryDeductAsync(int instanceId, string warehouseKey, string skuKey, int quantity, bool enforce,
        DateTime now, CancellationToken ct);

    /// <summary>
    /// Adds <paramref name="quantity"/> to a tracked item unless that would take it above
    /// <paramref name="ceiling"/>; null when nothing changed (untracked, or at the ceiling).
    /// </summary>
    Task<TouchedItem?> TryAddAsync(int instanceId, string warehouseKey, string skuKey, int quantity, int ceiling, DateTime now,
        CancellationToken ct);

    /// <summary>Quantity on hand, or null when the SKU is untracked in that warehouse.</summary>
    Task<int?> OnHandAsync(int instanceId, string warehouseKey, string skuKey, CancellationToken ct);

    Task AddMovementAsync(StockMovement movement, CancellationToken ct);

    /// <summary>An order's status and hold as they stand now; null when there is no such order.</summary>
    Task<OrderState?> OrderStateAsync(long orderId, CancellationToken ct);

    /// <summary>
    /// Writes the order's whole changeable state (status, hold, shortages, tracking number, times,
    /// cancel reason) if its status is still <paramref name="expected"/>; false when another writer
    /// changed it first (rule 8).
    /// </summary>
    Task<bool> SaveOrderAsync(Order order, OrderStatus expected, CancellationToken ct);

    /// <summary>Keeps the marketplace's label of an order, every package of it, and the packing slip fetched with it, in the order's transaction.</summary>
    Task SaveLabelAsync(long orderId, ShippingLabel label, DateTime now, CancellationToken ct);

    /// <summary>Queues a message to the marketplace in the caller's transaction (the outbox).</summary>
    Task QueueOutboxAsync(Marketplace.OutboxMessage message, CancellationToken ct);

    /// <summary>
    /// Takes the next number of the instance's invoice series when Send invoices is on (one update, so two
    /// servers never take the same one); null when it is off.
    /// </summary>
    Task<(string Prefix, long Number)?> TakeInvoiceNumberAsync(int instanceId, CancellationToken ct);

    /// <summary>
    /// Deletes the instance's items (all when <paramref name="items"/> is null), writing a Clear movement
    /// for each one deleted and the Clear record that can undo them.
    /// </summary>
    Task<ClearResult> ClearAsync(int instanceId, IReadOnlyCollection<(string WarehouseKey, string SkuKey)>? items, string user,
        DateTime now, CancellationToken ct);

    /// <summary>
    /// Reverses an applied import's own changes: each item it set goes back by the difference it made,
    /// each item it started tracking is untracked again, unless counted (or, for one it started
    /// tracking, changed at all) since. Writes Undo movements and marks the import undone.
    /// </summary>
    Task<UndoResult> UndoImportAsync(int instanceId, long importId, string user, DateTime now, CancellationToken ct);

    /// <summary>
    /// Tracks a clear's items again with the quantities they had, unless tracked again since. Writes
    /// Undo movements and marks the clear undone.
    /// </summary>
    Task<UndoResult> UndoClearAsync(int instanceId, long clearId, string user, DateTime now, CancellationToken ct);
}

/// <summary>A file row whose warehouse and SKU (as keys) are already on <paramref name="FirstRow"/>.</summary>
public sealed record RepeatedRow(int Row, string Warehouse, string Sku, int FirstRow);

/// <summary>One import's rows, staged while the file is read, then applied in one transaction (rule 2).</summary>
public interface IImportStaging : IAsyncDisposable
{
    /// <summary>Stages a checked row; a repeat of an earlier row's warehouse and SKU is found by <see cref="CompleteAsync"/>.</summary>
    /// <param name="asin">The ASIN the row maps its SKU to, or null.</param>
    void Stage(StockItemKey item, int quantity, int row, string? asin);

    /// <summary>
    /// Every row is staged: no more <see cref="Stage"/> calls. Reports each row that repeats an earlier
    /// row's warehouse and SKU, in row order; the file is refused if there is one.
    /// </summary>
    Task CompleteAsync(Action<RepeatedRow> repeated, CancellationToken ct);

    /// <summary>
    /// Keeps the staged rows in <c>ImportRows</c> under <paramref name="importId"/>, in the caller's
    /// transaction on the same connection, so the import can be previewed and applied later, anywhere.
    /// </summary>
    Task KeepAsync(long importId, System.Data.Common.DbTransaction tx, CancellationToken ct);
}

/// <summary>
/// Apply the previewed import <paramref name="ImportId"/> as <paramref name="User"/> at <paramref name="Now"/>,
/// unless it was previewed before <paramref name="PreviewedSince"/>.
/// </summary>
public sealed record ImportApplication(int InstanceId, long ImportId, string User, DateTime Now, DateTime PreviewedSince);

/// <summary>What an apply did, the items whose count it carried forward, and how many ASINs it put in the item map.</summary>
public sealed record AppliedImport(ImportSummary Summary, IReadOnlyList<CarriedForward> CarriedForward, int AsinsMapped);
