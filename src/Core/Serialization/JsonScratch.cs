using System.Text.Json;
using SocketIO.Protocol;

namespace SocketIO.Serialization;

/// <summary>
/// A per-thread JSON writer over a pooled buffer: serializing a payload allocates only the
/// exact-size result, however large the payload. Rented and returned, so a nested serialization
/// (a converter that serializes again) simply gets a fresh one.
/// </summary>
internal sealed class JsonScratch : IDisposable
{
    // Buffers grown past this go back to the pool instead of staying with the thread.
    private const int RetainLimit = 64 * 1024;

    [ThreadStatic]
    private static JsonScratch? t_cached;

    private readonly PooledBufferWriter _buffer = new();
    private Utf8JsonWriter? _writer;

    public static JsonScratch Rent(JsonWriterOptions options, out Utf8JsonWriter writer)
    {
        var scratch = t_cached ?? new JsonScratch();
        t_cached = null;
        if (scratch._writer is null || !OptionsEqual(scratch._writer.Options, options))
            scratch._writer = new Utf8JsonWriter(scratch._buffer, options);
        else
            scratch._writer.Reset(scratch._buffer);
        writer = scratch._writer;
        return scratch;
    }

    private static bool OptionsEqual(JsonWriterOptions a, JsonWriterOptions b) =>
        a.Encoder == b.Encoder && a.SkipValidation == b.SkipValidation && a.Indented == b.Indented;

    /// <summary>Flushes the writer and copies what was written into a new exact-size array.</summary>
    public byte[] ToArray()
    {
        _writer!.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>Clears the scratch and keeps it for this thread's next serialization.</summary>
    public void Dispose()
    {
        if (_buffer.Capacity > RetainLimit)
            _buffer.Clear();
        else
            _buffer.Reset();
        t_cached = this;
    }
}
