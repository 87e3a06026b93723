using System.Globalization;
using System.Text;
using Inventory.Domain.Accounts;
using Inventory.Domain.Common;
using Inventory.Domain.Orders;
using Inventory.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Inventory.Domain.Marketplace;

/// <summary>One invoice as the seller sees it: its number, order, amounts and where Amazon is with it.</summary>
/// <param name="Status">Sent (queued or still processing), confirmed or refused by Amazon.</param>
/// <param name="Error">Amazon's error when it refused the invoice (or why it could not be made); else why the last send failed, if it did.</param>
public sealed record InvoiceView(
    string Number, string OrderNumber, DateTime IssuedAt, string Currency, decimal Net, decimal Tax, decimal Total,
    MarketplaceStatus Status, string? Error, bool Held = false);

/// <summary>The instance's invoices, newest first, as a list and as the CSV file a seller downloads.</summary>
public sealed class InvoiceQueries(IDbContextFactory<InventoryDbContext> dbFactory)
{
    public const int MaxListed = 10_000;

    public async Task<IReadOnlyList<InvoiceView>> ListAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.EnsureInstanceAsync(instanceId, actor, Permission.View, ct);
        var invoices = await (
                from i in db.Invoices.AsNoTracking()
                where i.InstanceId == instanceId
                join o in db.OrdersOf(instanceId) on i.OrderId equals o.Id
                orderby i.Id descending
                select new { i.OrderId, i.Number, o.OrderNumber, i.IssuedAt, i.Currency, i.NetTotal, i.TaxTotal })
            .Take(MaxListed).ToListAsync(ct);
        var orderIds = invoices.Select(i => i.OrderId).ToList();
        var replies = (await db.OutboxMessages.AsNoTracking()
                .Where(m => m.InstanceId == instanceId && m.Kind == OutboxKind.Invoice && orderIds.Contains(m.OrderId))
                .Select(m => new { m.Id, m.OrderId, Reply = new MarketplaceReply(m.Accepted, m.CreatedAt, m.SentAt, m.TransactionId, m.LastError,
                    m.Attempts, m.Outcome, m.AnsweredAt, m.Refusal, m.Kind) })
                .ToListAsync(ct))
            .GroupBy(m => m.OrderId).ToDictionary(g => g.Key, g => g.MaxBy(m => m.Id)!.Reply);
        return invoices.Select(i =>
        {
            var reply = replies.GetValueOrDefault(i.OrderId);
            return new InvoiceView(i.Number, i.OrderNumber, i.IssuedAt, i.Currency, i.NetTotal, i.TaxTotal, i.NetTotal + i.TaxTotal,
                reply?.Status ?? MarketplaceStatus.Sent, reply?.StatusError, reply?.Held ?? false);
        }).ToList();
    }

    /// <summary>The list as CSV (UTF-8): Number, Order number, Issued at (UTC, ISO 8601), Currency, Net, Tax, Total, Status, Amazon's error.</summary>
    public async Task<byte[]> CsvAsync(int instanceId, Actor actor, CancellationToken ct = default)
    {
        var csv = new StringBuilder("Number,Order number,Issued at,Currency,Net,Tax,Total,Status,Amazon's error\r\n");
        foreach (var i in await ListAsync(instanceId, actor, ct))
            csv.AppendJoin(',', Cell(i.Number), Cell(i.OrderNumber), i.IssuedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    Cell(i.Currency), Amount(i.Net), Amount(i.Tax), Amount(i.Total), i.Held ? "not sent" : i.Status.ToString().ToLowerInvariant(), Cell(i.Error ?? ""))
                .Append("\r\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Amount(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>A text cell: quoted when it must be, and never read as a formula by a spreadsheet.</summary>
    private static string Cell(string text)
    {
        var safe = Import.SpreadsheetWriter.Escape(text);
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
