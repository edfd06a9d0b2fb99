using System.Numerics;

namespace Bench.LoadGen;

/// <summary>
/// Log-linear latency histogram in nanoseconds: exact below 256 ns, then 128 sub-buckets per
/// power of two (under 1% relative error). Recording is lock-free and allocation-free.
/// </summary>
internal sealed class Histogram
{
    private const int SubBits = 7;
    private const int Sub = 1 << SubBits;
    private const int BucketCount = (64 - SubBits) * Sub;

    private readonly long[] _counts = new long[BucketCount];
    private long _total;
    private long _max;

    public long Count => Volatile.Read(ref _total);

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0)
        {
            nanoseconds = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(nanoseconds)]);
        Interlocked.Increment(ref _total);

        var max = Volatile.Read(ref _max);
        while (nanoseconds > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, nanoseconds, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1) in nanoseconds, or 0 when empty.</summary>
    public long ValueAt(double q)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * total);
        rank = Math.Clamp(rank, 1, total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(MidpointOf(i), Volatile.Read(ref _max));
            }
        }

        return Volatile.Read(ref _max);
    }

    public long Max => Volatile.Read(ref _max);

    private static int IndexOf(long value)
    {
        if (value < 2 * Sub)
        {
            return (int)value;
        }

        var shift = BitOperations.Log2((ulong)value) - SubBits;
        return ((shift + 1) << SubBits) + (int)(value >> shift) - Sub;
    }

    private static long MidpointOf(int index)
    {
        if (index < 2 * Sub)
        {
            return index;
        }

        var shift = (index >> SubBits) - 1;
        var mantissa = (long)((index & (Sub - 1)) + Sub);
        return (mantissa << shift) + ((1L << shift) >> 1);
    }
}
