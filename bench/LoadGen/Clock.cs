using System.Diagnostics;

namespace Bench.LoadGen;

internal static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static long FromSeconds(double seconds) => (long)(seconds * Stopwatch.Frequency);

    public static long ToNanoseconds(long ticks) => (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));

    public static double ToSeconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    /// <summary>Waits until the given timestamp; coarse (timer resolution) but never early.</summary>
    public static async Task UntilAsync(long timestamp)
    {
        while (true)
        {
            var remaining = timestamp - Now;
            if (remaining <= 0)
            {
                return;
            }

            var ms = (int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency);
            if (ms <= 1)
            {
                await Task.Yield();
            }
            else
            {
                await Task.Delay(ms - 1);
            }
        }
    }
}
