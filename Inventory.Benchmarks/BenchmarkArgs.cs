using System.Globalization;

namespace Inventory.Benchmarks;

/// <summary>
/// The options after the mode: <c>--name value</c> pairs and bare <c>--flag</c>s. Each mode takes
/// the ones it knows and then calls <see cref="RejectUnused"/>, so a typo fails instead of silently
/// running the default benchmark for several minutes.
/// </summary>
internal sealed class BenchmarkArgs
{
    private readonly Dictionary<string, string?> _values;
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    private BenchmarkArgs(Dictionary<string, string?> values) => _values = values;

    public sealed class UsageException(string message) : Exception(message);

    public static BenchmarkArgs Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"Unexpected argument '{args[i]}'.");
            var name = args[i][2..];
            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            values[name] = hasValue ? args[++i] : null;
        }
        return new BenchmarkArgs(values);
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    public string? Text(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public int Int(string name, int fallback, int min = 1) => Ints(name, [fallback], min)[0];

    /// <summary>A comma-separated list; "1M" and "100k" are accepted because row counts are long to type.</summary>
    public IReadOnlyList<int> Ints(string name, IReadOnlyList<int> fallback, int min = 1)
    {
        var text = Text(name);
        if (text is null)
            return fallback;
        var parsed = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (digits, scale) = char.ToLowerInvariant(part[^1]) switch
            {
                'k' => (part[..^1], 1_000),
                'm' => (part[..^1], 1_000_000),
                _ => (part, 1),
            };
            if (!int.TryParse(digits.Replace("_", ""), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value)
                || (long)value * scale < min || (long)value * scale > int.MaxValue)
                throw new UsageException($"--{name}: '{part}' is not a whole number of at least {min}.");
            parsed.Add(value * scale);
        }
        return parsed.Count > 0 ? parsed : throw new UsageException($"--{name} needs a value.");
    }

    public void RejectUnused()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}.");
    }
}
