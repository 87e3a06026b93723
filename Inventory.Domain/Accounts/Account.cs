using Inventory.Domain.Common;

namespace Inventory.Domain.Accounts;

/// <summary>A seller's company: it owns instances and users, and nobody outside it sees either.</summary>
public class Account
{
    private Account() { }

    public Account(string name, DateTime createdAt)
    {
        Name = Fields.Required(name, "Account name", Fields.NameMaxLength);
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = string.Empty;
    public DateTime CreatedAt { get; private set; }
}
