using System.Reflection;
using System.Text.Json;
using Inventory.Domain.Common;
using Microsoft.AspNetCore.Http.Metadata;

namespace Inventory.Blazor.Api;

/// <summary>
/// The API's edge for values that never reach a handler: a query value or a body field that names no
/// value of its kind. <c>Enum.TryParse</c> takes "99" and "New,Accepted" as values nobody defined, and
/// JSON took numbers for enums; both are refused here with the field named.
/// </summary>
internal static class ApiValues
{
    /// <summary>The value of <typeparamref name="T"/> that <paramref name="value"/> names, in any case; a number or another word is refused.</summary>
    public static T Named<T>(string value, string field) where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<T>(name)
            : throw new ValidationException(field, MustBeOneOf(field, typeof(T), value));

    public static string MustBeOneOf(string field, Type enumType, string? value)
    {
        var shown = value is null ? "" : Keys.Display(value);
        return $"{field} must be one of {string.Join(", ", Enum.GetNames(enumType))}" +
               (value is null ? "." : $", not '{(shown.Length > 40 ? shown[..40] + "…" : shown)}'.");
    }
}

/// <summary>
/// A request the endpoint could not bind (a body that is not the JSON it takes, a field with a value it
/// does not take) answered as problem details naming the field, as every other refusal is; never the
/// exception page. The routing options make binding throw, so the failure reaches this middleware.
/// </summary>
internal sealed class BadRequests(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = ex.StatusCode;
            if (!ApiLimits.IsApi(context))
                return; // a page's form: the status code page says it
            if (ex.InnerException is JsonException { Path: { Length: > 2 } path } json)
            {
                var field = FieldName(path);
                var message = EnumAt(context, path) is { } enumType
                    ? ApiValues.MustBeOneOf(field, enumType, null)
                    : $"{field} is not what this endpoint takes: {Plain(json.Message)}";
                await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message,
                    title: "Invalid request").ExecuteAsync(context);
                return;
            }
            await TypedResults.Problem(ex.Message, statusCode: ex.StatusCode, title: "Invalid request").ExecuteAsync(context);
        }
    }

    /// <summary>"$.items[2].sku" as the field a client sent: "items[2].sku".</summary>
    private static string FieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>STJ's own words without the type names it adds ("…could not be converted to System.Int32. Path: …").</summary>
    private static string Plain(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        var converted = text.IndexOf("could not be converted to", StringComparison.Ordinal);
        return converted > 0 ? "its value has the wrong type." : text;
    }

    /// <summary>The enum type of the body's field at <paramref name="path"/>, found on the type the endpoint declares it accepts.</summary>
    private static Type? EnumAt(HttpContext context, string path)
    {
        var type = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Split('[')[0];
            var property = type?.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            type = property?.PropertyType;
            if (type is not null && segment.Contains('[', StringComparison.Ordinal))
                type = type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();
        }
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type is { IsEnum: true } ? type : null;
    }
}
