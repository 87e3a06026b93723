using Inventory.Domain.Common;

namespace Inventory.Blazor.Api;

/// <summary>
/// Turns the domain's refusals into RFC 7807 problem details: 404 for unknown things (and another account's), 403 for what the caller's role does not allow, 400 for bad fields,
/// 429 with Retry-After when the server is busy, 409 for anything else the rules refuse.
/// </summary>
internal sealed class DomainErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (NotFoundException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }
        catch (ValidationException ex)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [ex.Field] = [ex.Message] }, detail: ex.Message, title: "Invalid request");
        }
        catch (ForbiddenException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }
        catch (BusyException ex)
        {
            context.HttpContext.Response.Headers.RetryAfter = ((int)ex.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Busy");
        }
        catch (DomainException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Refused");
        }
    }
}
