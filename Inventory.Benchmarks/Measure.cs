using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Inventory.Benchmarks;

/// <summary>One timed run: how long it took, and the process working set before and at its peak.</summary>
internal sealed record Sample(TimeSpan Elapsed, long StartWorkingSet, long PeakWorkingSet);

/// <summary>The repeated runs of one measurement; the median resists one slow run (JIT, a busy neighbour).</summary>
internal sealed class Series(string label, int rows)
{
    private readonly List<Sample> _samples = [];

    public string Label { get; } = label;
    public int Rows { get; } = rows;
    public IReadOnlyList<Sample> Samples => _samples;

    public void Add(Sample sample) => _samples.Add(sample);

    public double MedianSeconds => Measure.Median(_samples.Select(s => s.Elapsed.TotalSeconds));

    public double RowsPerSecond => Rows / MedianSeconds;

    // The worst run, not the median: a memory target is about the peak a user can hit.
    public long PeakWorkingSet => _samples.Max(s => s.PeakWorkingSet);

    public long StartWorkingSet => _samples.Min(s => s.StartWorkingSet);
}

internal static class Measure
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>The middle value (the mean of the two middle ones for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static Sample Run(Action work)
    {
        using var running = Start();
        work();
        return running.Stop();
    }

    public static async Task<(Sample Sample, T Result)> RunAsync<T>(Func<Task<T>> work)
    {
        using var running = Start();
        var result = await work();
        return (running.Stop(), result);
    }

    /// <summary>
    /// Starts timing after a full collection, so every measurement starts from the same heap and the
    /// peaks are comparable, while a background thread samples the working set.
    /// </summary>
    private static Running Start()
    {
        Settle();
        return new Running(new PeakWorkingSetSampler(SampleInterval));
    }

    private sealed class Running(PeakWorkingSetSampler sampler) : IDisposable
    {
        private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

        public Sample Stop()
        {
            _stopwatch.Stop();
            var (start, peak) = sampler.Stop();
            return new Sample(_stopwatch.Elapsed, start, peak);
        }

        public void Dispose() => sampler.Dispose();
    }

    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // Finalizers (e.g. of undisposed SQLite handles) may have freed more: collect what they released.
        GC.Collect();
        NativeHeap.Trim();
    }

    public static long WorkingSetNow()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>
    /// Samples <see cref="Process.WorkingSet64"/> on its own thread — not the thread pool, which the
    /// measured work keeps busy and which would then sample late exactly when memory is high.
    /// </summary>
    private sealed class PeakWorkingSetSampler : IDisposable
    {
        private readonly Process _process = Process.GetCurrentProcess();
        private readonly ManualResetEventSlim _stop = new();
        private readonly Thread _thread;
        private readonly TimeSpan _interval;
        private readonly long _start;
        private long _peak;

        public PeakWorkingSetSampler(TimeSpan interval)
        {
            _interval = interval;
            _start = _peak = Read();
            _thread = new Thread(Loop) { IsBackground = true, Name = "working-set sampler", Priority = ThreadPriority.AboveNormal };
            _thread.Start();
        }

        private long Read()
        {
            _process.Refresh(); // Process caches its numbers until refreshed
            return _process.WorkingSet64;
        }

        private void Loop()
        {
            while (!_stop.Wait(_interval))
                _peak = Math.Max(_peak, Read());
        }

        public (long Start, long Peak) Stop()
        {
            _stop.Set();
            _thread.Join();
            // One last reading: a short measurement may end between two ticks.
            return (_start, Math.Max(_peak, Read()));
        }

        public void Dispose()
        {
            if (!_stop.IsSet)
                Stop();
            _stop.Dispose();
            _process.Dispose();
        }
    }
}

/// <summary>
/// SQLite allocates from the C heap, and glibc keeps what it frees in its arenas rather than giving it
/// back: without a trim, the 60+ MB one import's staging table freed would still be in the working set
/// when the next measurement starts, and peaks would depend on what ran before.
/// </summary>
internal static class NativeHeap
{
    private static bool _available = OperatingSystem.IsLinux();

    public static bool Trims => _available;

    public static void Trim()
    {
        if (!_available)
            return;
        try
        {
            _ = MallocTrim(0); // 1 when memory was released, 0 when there was none to release: either is fine
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _available = false; // not glibc (e.g. musl): nothing to trim this way
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
