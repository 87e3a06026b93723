using Inventory.Domain.Common;

namespace Inventory.Blazor.Api;

/// <summary>Turns the domain's refusals into RFC 7807 problem details: 404 for unknown things, 400 for bad fields.</summary>
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
        catch (DomainException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Refused");
        }
    }
}
