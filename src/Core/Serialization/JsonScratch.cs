using System.Buffers;
using System.Text.Json;

namespace SocketIO.Serialization;

/// <summary>
/// A per-thread JSON writer over a pooled, growable buffer: serializing a payload allocates only the
/// exact-size result, however large the payload. Rented and returned, so a nested serialization
/// (a converter that serializes again) simply gets a fresh one.
/// </summary>
internal sealed class JsonScratch : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 256;
    // Buffers grown past this go back to the pool instead of staying with the thread.
    private const int RetainLimit = 64 * 1024;

    [ThreadStatic]
    private static JsonScratch? t_cached;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _written;
    private Utf8JsonWriter? _writer;

    public static JsonScratch Rent(JsonWriterOptions options, out Utf8JsonWriter writer)
    {
        var scratch = t_cached ?? new JsonScratch();
        t_cached = null;
        if (scratch._writer is null || !OptionsEqual(scratch._writer.Options, options))
            scratch._writer = new Utf8JsonWriter(scratch, options);
        else
            scratch._writer.Reset(scratch);
        writer = scratch._writer;
        return scratch;
    }

    private static bool OptionsEqual(JsonWriterOptions a, JsonWriterOptions b) =>
        a.Encoder == b.Encoder && a.SkipValidation == b.SkipValidation && a.Indented == b.Indented;

    /// <summary>Flushes the writer and copies what was written into a new exact-size array.</summary>
    public byte[] ToArray()
    {
        _writer!.Flush();
        return _buffer.AsSpan(0, _written).ToArray();
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
            return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    /// <summary>Clears the scratch and keeps it for this thread's next serialization.</summary>
    public void Dispose()
    {
        _written = 0;
        if (_buffer.Length > RetainLimit)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
        t_cached = this;
    }
}
