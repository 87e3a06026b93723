namespace Inventory.Domain.Orders;

public enum OrderStatus { New, Accepted, Awaiting, Shipped, Cancelled }
