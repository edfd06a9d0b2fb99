using System.Buffers;

namespace SocketIO.Protocol;

/// <summary>Growing a stack-allocated scratch span into rented arrays, for the single-pass readers of the JSON parser.</summary>
internal static class PooledGrowth
{
    /// <summary>
    /// A span twice as long holding <paramref name="current"/>'s items, rented from the shared pool; the array rented
    /// before, if any, goes back. The caller returns <paramref name="rented"/> when done.
    /// </summary>
    public static Span<T> Grow<T>(Span<T> current, ref T[]? rented)
    {
        var larger = ArrayPool<T>.Shared.Rent(current.Length * 2);
        current.CopyTo(larger);
        if (rented is not null)
            ArrayPool<T>.Shared.Return(rented);
        rented = larger;
        return larger;
    }
}
