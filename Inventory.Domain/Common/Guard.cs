namespace Inventory.Domain.Common;

internal static class Guard
{
    public static string Required(string? value, string field, int maxLength)
    {
        var trimmed = Keys.Display(value);
        if (trimmed.Length == 0)
            throw new ValidationException(field, $"{field} is required.");
        if (trimmed.Length > maxLength)
            throw new ValidationException(field, $"{field} must be at most {maxLength} characters.");
        return trimmed;
    }
}
