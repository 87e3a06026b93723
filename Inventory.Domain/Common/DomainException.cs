namespace Inventory.Domain.Common;

/// <summary>A request the rules refuse; the message is written for the seller.</summary>
public class DomainException(string message) : Exception(message);

/// <summary>The thing asked for does not exist (or is outside the caller's scope).</summary>
public sealed class NotFoundException(string message) : DomainException(message);

/// <summary>A field of a request failed validation; <see cref="Field"/> names it.</summary>
public sealed class ValidationException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;
}

/// <summary>The server is doing as much of this as it may at once; the same request can succeed later.</summary>
public sealed class BusyException(string message, TimeSpan retryAfter) : DomainException(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The caller's role does not allow this; the same request by someone with the role would succeed.</summary>
public sealed class ForbiddenException(string message) : DomainException(message);

/// <summary>The thing asked for is no longer in a state that allows it (applied already, undone already, too old).</summary>
public sealed class ConflictException(string message) : DomainException(message);
