namespace Inventory.Domain.Stock;

/// <summary>One applied stock file. Rejected files change nothing, so they leave no row here.</summary>
public class InventoryImport
{
    private InventoryImport() { }

    public InventoryImport(int instanceId, string fileName, string user, DateTime at)
    {
        InstanceId = instanceId;
        FileName = fileName;
        User = user;
        At = at;
        Outcome = "Applied";
    }

    public long Id { get; private set; }
    public int InstanceId { get; private set; }
    public string FileName { get; private set; } = string.Empty;
    public string User { get; private set; } = string.Empty;
    public DateTime At { get; private set; }
    public int RowsRead { get; private set; }
    public int Created { get; private set; }
    public int Updated { get; private set; }
    public int Unchanged { get; private set; }
    public string Outcome { get; private set; } = string.Empty;
}
