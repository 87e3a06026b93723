using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Inventory.Tests.TestSupport;

/// <summary>
/// One of Amazon's published Selling Partner API models (Swagger 2.0, kept as Amazon publishes them under
/// <c>TestSupport/AmazonModels</c>), used to check what the product sends: an operation's request body is
/// validated against the schema of its body parameter, resolved within the whole file (the
/// <c>definitions</c> are JSON Schema draft 4 with <c>#/definitions/…</c> references), and then against
/// what the model says only in words (a description's "should not be zero"), which no schema keyword holds.
/// </summary>
public sealed partial class AmazonModel
{
    public const string Orders = "vendorDirectFulfillmentOrders_2021-12-28.json";
    public const string Shipping = "vendorDirectFulfillmentShipping_2021-12-28.json";
    public const string Transactions = "vendorDirectFulfillmentTransactions_2021-12-28.json";
    public const string Inventory = "vendorDirectFulfillmentInventoryV1.json";
    public const string Payments = "vendorDirectFulfillmentPaymentsV1.json";
    public const string Tokens = "tokens_2021-03-01.json";

    // Parsing a model is slow (Shipping is 400 kB): each is read once per test run.
    private static readonly ConcurrentDictionary<string, Lazy<Task<AmazonModel>>> Loaded = new();

    private readonly string _file;
    private readonly JsonSchema _root;
    private readonly Dictionary<string, string> _bodyDefinitions; // operationId → the definition its body parameter refers to
    private readonly Dictionary<string, List<JsonElement>> _queryParameters; // operationId → its query parameters as declared
    private readonly Dictionary<string, List<JsonElement>> _pathParameters; // operationId → its path parameters as declared

    private AmazonModel(string file, JsonSchema root, Dictionary<string, string> bodyDefinitions, Dictionary<string, List<JsonElement>> queryParameters,
        Dictionary<string, List<JsonElement>> pathParameters) =>
        (_file, _root, _bodyDefinitions, _queryParameters, _pathParameters) = (file, root, bodyDefinitions, queryParameters, pathParameters);

    public static Task<AmazonModel> LoadAsync(string file) =>
        Loaded.GetOrAdd(file, f => new Lazy<Task<AmazonModel>>(() => ReadAsync(f))).Value;

    private static async Task<AmazonModel> ReadAsync(string file)
    {
        await using var stream = typeof(AmazonModel).Assembly.GetManifestResourceStream("AmazonModels." + file)
            ?? throw new InvalidOperationException($"{file} is not among the embedded Amazon models.");
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync();
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal);
        var queries = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        var paths = new Dictionary<string, List<JsonElement>>(StringComparer.Ordinal);
        using (var swagger = JsonDocument.Parse(text))
            foreach (var path in swagger.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind != JsonValueKind.Object || !operation.Value.TryGetProperty("operationId", out var id)
                    || !operation.Value.TryGetProperty("parameters", out var parameters))
                    continue;
                queries[id.GetString()!] = [];
                paths[id.GetString()!] = [];
                foreach (var parameter in parameters.EnumerateArray())
                    if (parameter.GetProperty("in").GetString() == "body")
                        bodies[id.GetString()!] = parameter.GetProperty("schema").GetProperty("$ref").GetString()!["#/definitions/".Length..];
                    else if (parameter.GetProperty("in").GetString() == "query")
                        queries[id.GetString()!].Add(parameter.Clone());
                    else if (parameter.GetProperty("in").GetString() == "path")
                        paths[id.GetString()!].Add(parameter.Clone());
            }
        // The whole file is read as one schema, so every #/definitions/… reference resolves within it.
        return new AmazonModel(file, await JsonSchema.FromJsonAsync(text), bodies, queries, paths);
    }

    /// <summary>
    /// How <paramref name="body"/> breaks the request body of <paramref name="operationId"/>, one line per
    /// violation naming the operation, the JSON path and what is wrong; empty when it keeps to the model.
    /// </summary>
    public IReadOnlyList<string> RequestViolations(string operationId, string body)
    {
        if (!_bodyDefinitions.TryGetValue(operationId, out var definition))
            throw new ArgumentException($"{_file} has no operation {operationId} that takes a body.", nameof(operationId));
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return [$"{operationId}: the body is not JSON ({ex.Message})"];
        }
        var violations = Flatten(_root.Definitions[definition].Validate(body))
            .Select(e => $"{operationId}: {e.Kind} at {e.Path}")
            .ToList();
        if (node is not null)
            violations.AddRange(InWords(operationId, node).Select(v => $"{operationId}: {v}"));
        return violations;
    }

    /// <summary>
    /// How a call's query string breaks <paramref name="operationId"/>'s query parameters as the model declares
    /// them (Swagger 2.0 puts them beside the schema, not in it): required, known, enum, integer range, date-time.
    /// </summary>
    public IReadOnlyList<string> QueryViolations(string operationId, IReadOnlyDictionary<string, string> query)
    {
        if (!_queryParameters.TryGetValue(operationId, out var declared))
            throw new ArgumentException($"{_file} has no operation {operationId}.", nameof(operationId));
        var violations = query.Keys.Where(name => !declared.Any(p => p.GetProperty("name").GetString() == name))
            .Select(name => $"{operationId}: the model has no query parameter {name}").ToList();
        foreach (var parameter in declared)
        {
            var name = parameter.GetProperty("name").GetString()!;
            if (!query.TryGetValue(name, out var value))
            {
                if (parameter.TryGetProperty("required", out var required) && required.GetBoolean())
                    violations.Add($"{operationId}: the query parameter {name} is required");
                continue;
            }
            if (parameter.TryGetProperty("enum", out var choices) && !choices.EnumerateArray().Any(c => c.GetString() == value))
                violations.Add($"{operationId}: {name}={value} is not one of {string.Join(", ", choices.EnumerateArray())}");
            if (parameter.GetProperty("type").GetString() == "integer")
            {
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    violations.Add($"{operationId}: {name}={value} is not an integer");
                else if (parameter.TryGetProperty("minimum", out var min) && number < min.GetInt64()
                         || parameter.TryGetProperty("maximum", out var max) && number > max.GetInt64())
                    violations.Add($"{operationId}: {name}={value} is outside the model's range {Range(parameter)}");
            }
            var format = parameter.TryGetProperty("format", out var f) ? f.GetString() : null;
            // "Must be in ISO-8601 date/time format": a date, a time and an offset.
            if (format == "date-time" && !IsoDateTime().IsMatch(value))
                violations.Add($"{operationId}: {name}={value} is not an ISO-8601 date-time with an offset");
            if (format == "boolean" && value is not ("true" or "false"))
                violations.Add($"{operationId}: {name}={value} is not true or false");
        }
        return violations;
    }

    /// <summary>How a call's path parameter breaks <paramref name="operationId"/>'s declaration of it: the model's pattern.</summary>
    public IReadOnlyList<string> PathViolations(string operationId, string name, string value)
    {
        if (!_pathParameters.TryGetValue(operationId, out var declared)
            || declared.SingleOrDefault(p => p.GetProperty("name").GetString() == name) is not { ValueKind: JsonValueKind.Object } parameter)
            throw new ArgumentException($"{_file} has no operation {operationId} with the path parameter {name}.", nameof(operationId));
        return parameter.TryGetProperty("pattern", out var pattern) && !System.Text.RegularExpressions.Regex.IsMatch(value, pattern.GetString()!)
            ? [$"{operationId}: the path parameter {name}={value} does not match the model's pattern {pattern.GetString()}"]
            : [];
    }

    private static string Range(JsonElement parameter) =>
        $"{(parameter.TryGetProperty("minimum", out var min) ? min.ToString() : "")}..{(parameter.TryGetProperty("maximum", out var max) ? max.ToString() : "")}";

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex IsoDateTime();

    /// <summary>How <paramref name="json"/> breaks the model's definition <paramref name="definition"/> (for the stand-in's own answers).</summary>
    public IReadOnlyList<string> DefinitionViolations(string definition, string json) =>
        Flatten(_root.Definitions[definition].Validate(json)).Select(e => $"{definition}: {e.Kind} at {e.Path}").ToList();

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e => e is ChildSchemaValidationError child
            ? child.Errors.Values.SelectMany(Flatten).DefaultIfEmpty(e)
            : [e]);

    /// <summary>Constraints the model states in its descriptions only, quoted where they are checked.</summary>
    private static IEnumerable<string> InWords(string operationId, JsonNode body)
    {
        switch (operationId)
        {
            case "submitAcknowledgement":
                var orders = body["orderAcknowledgements"] as JsonArray ?? [];
                for (var o = 0; o < orders.Count; o++)
                {
                    // AcknowledgementStatus.code: "a unique two digit value".
                    if (Text(orders[o]?["acknowledgementStatus"]?["code"]) is { } c && !(c.Length == 2 && c.All(char.IsAsciiDigit)))
                        yield return $"#/orderAcknowledgements[{o}].acknowledgementStatus.code \"{c}\" is not the two digit code the model asks for";
                    var items = orders[o]?["itemAcknowledgements"] as JsonArray ?? [];
                    for (var i = 0; i < items.Count; i++)
                        // ItemQuantity.amount: "Acknowledged quantity. This value should not be zero."
                        if (items[i]?["acknowledgedQuantity"]?["amount"] is JsonValue amount && amount.TryGetValue<long>(out var a) && a == 0)
                            yield return $"#/orderAcknowledgements[{o}].itemAcknowledgements[{i}].acknowledgedQuantity.amount is 0; "
                                         + "the model says \"This value should not be zero.\"";
                }
                break;
            case "submitInventoryUpdate":
                var details = body["inventory"]?["items"] as JsonArray ?? [];
                for (var i = 0; i < details.Count; i++)
                    // ItemDetails: "Either buyerProductIdentifier or vendorProductIdentifier should be submitted."
                    if (Text(details[i]?["buyerProductIdentifier"]) is null && Text(details[i]?["vendorProductIdentifier"]) is null)
                        yield return string.Create(CultureInfo.InvariantCulture,
                            $"#/inventory.items[{i}] has neither buyerProductIdentifier nor vendorProductIdentifier; the model says one should be submitted");
                break;
        }
    }

    /// <summary>A non-empty string value, or null (a wrong type is the schema's to report).</summary>
    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
