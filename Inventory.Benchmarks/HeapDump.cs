using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Inventory.Benchmarks;

/// <summary>
/// What a process's managed heap holds, by type, through the dotnet-dump tool (<c>dotnet tool install -g
/// dotnet-dump</c>) and SOS's <c>dumpheap -stat -live</c>: the circuits benchmark compares two dumps to show
/// what an open page keeps alive. (dotnet-gcdump's report gives no exact totals by type, and on .NET 10 its
/// trace may drop objects.)
/// </summary>
internal static partial class HeapDump
{
    public sealed record TypeTotal(long Bytes, long Count);

    /// <summary>The dump's live objects, bytes and count by type; null when the tool is not installed.</summary>
    public static async Task<IReadOnlyDictionary<string, TypeTotal>?> TakeAsync(int processId, string file)
    {
        if (Tool() is not { } tool)
            return null;
        await RunAsync(tool, ["collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "--type", "Heap", "-o", file]);
        var totals = new Dictionary<string, TypeTotal>();
        try
        {
            var statistics = await RunAsync(tool, ["analyze", file, "-c", "dumpheap -stat -live", "-c", "exit"]);
            foreach (var line in statistics.Split('\n'))
            {
                if (Row().Match(line) is not { Success: true } row)
                    continue;
                var type = row.Groups["type"].Value.Trim();
                var bytes = long.Parse(row.Groups["bytes"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                var count = long.Parse(row.Groups["count"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                var seen = totals.GetValueOrDefault(type, new TypeTotal(0, 0));
                totals[type] = new TypeTotal(seen.Bytes + bytes, seen.Count + count);
            }
        }
        finally
        {
            File.Delete(file); // a few hundred MB
        }
        return totals;
    }

    /// <summary>The types that grew most between two dumps, per page.</summary>
    public static void PrintGrowth(IReadOnlyDictionary<string, TypeTotal> before, IReadOnlyDictionary<string, TypeTotal> after, int pages, int top = 60)
    {
        var growth = after.Select(a =>
            {
                var b = before.GetValueOrDefault(a.Key, new TypeTotal(0, 0));
                return (Type: a.Key, Bytes: a.Value.Bytes - b.Bytes, Count: a.Value.Count - b.Count);
            })
            .OrderByDescending(g => g.Bytes).ToList();
        Console.WriteLine($"managed heap growth per open page (live objects, dotnet-dump), {growth.Sum(g => g.Bytes) / 1024.0 / pages:F0} KB in " +
                          $"{growth.Sum(g => g.Count) / (double)pages:F0} objects; the largest:");
        Console.WriteLine($"{"KB/page",9}{"objects/page",14}  type");
        foreach (var g in growth.Take(top))
            Console.WriteLine($"{g.Bytes / 1024.0 / pages,9:F1}{g.Count / (double)pages,14:F1}  {g.Type}");
        var all = Path.Combine(Path.GetTempPath(), "inventory-circuits-growth.tsv");
        File.WriteAllLines(all, growth.Select(g => FormattableString.Invariant($"{g.Bytes / (double)pages:F0}\t{g.Count / (double)pages:F2}\t{g.Type}")));
        Console.WriteLine($"(every type: {all})");
    }

    private static string? Tool()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(folder => Path.Combine(folder, "dotnet-dump")).FirstOrDefault(File.Exists);
    }

    private static async Task<string> RunAsync(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}{await errors}");
        return await output;
    }

    [GeneratedRegex(@"^\s*[0-9a-f]{8,}\s+(?<count>[\d,]+)\s+(?<bytes>[\d,]+)\s+(?<type>.+)$")]
    private static partial Regex Row();
}
