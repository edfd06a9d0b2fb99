using SocketIO.Protocol;

namespace SocketIO.Engine;

/// <summary>
/// Reads <see cref="StreamFrame"/> frames out of the bytes a connection receives, however TCP splits or
/// coalesces them. A length of 0 or above the limit is refused right after the header, before any
/// payload is kept, as engine.io-parser's createPacketDecoderStream does. A payload that has not fully
/// arrived is kept in pooled memory that grows with the bytes that actually came, never with the
/// length the header claims.
/// </summary>
public sealed class StreamFrameDecoder(int maxPayload)
{
    /// <summary>The outcome of one <see cref="TryRead"/>.</summary>
    public enum Result
    {
        /// <summary>A whole frame was read.</summary>
        Frame,
        /// <summary>Every byte was consumed and kept; more are needed.</summary>
        NeedMore,
        /// <summary>The stream broke a rule (length 0, over the limit); the connection must end.</summary>
        Invalid,
    }

    private byte _first;       // the first header byte, once read
    private int _headerFilled; // how many header bytes have been read (0 = none)
    private int _lengthBytes;  // 0, 2 or 8 extended length bytes after the first
    private ulong _length;     // the extended length read so far
    private int _expected;     // the payload length once the header is complete
    private bool _binary;
    private bool _inPayload;
    private PooledBufferWriter? _partial;

    /// <summary>Payload bytes of the unfinished frame held now.</summary>
    public int BufferedBytes => _partial?.WrittenCount ?? 0;

    /// <summary>The size of the pooled buffer holding them.</summary>
    public int BufferedCapacity => _partial?.Capacity ?? 0;

    /// <summary>True while a frame has begun and not ended: bytes of it are held.</summary>
    public bool HasPartialFrame => _headerFilled > 0 || _inPayload;

    /// <summary>
    /// Takes one frame from the front of <paramref name="data"/>, advancing it past what was consumed.
    /// <see cref="Result.Frame"/> yields the payload as an owned array; <see cref="Result.NeedMore"/> means
    /// everything was consumed and kept; <see cref="Result.Invalid"/> names the violation in <paramref name="error"/>.
    /// </summary>
    public Result TryRead(ref ReadOnlySpan<byte> data, out bool binary, out byte[] payload, out string? error)
    {
        binary = false;
        payload = [];
        error = null;
        if (!_inPayload)
        {
            if (!ReadHeader(ref data, out error))
                return error is null ? Result.NeedMore : Result.Invalid;
        }
        binary = _binary;
        if (_partial is null && data.Length >= _expected)
        {
            // The common case: the whole payload is here; one exact-size copy, nothing kept.
            payload = data[.._expected].ToArray();
            data = data[_expected..];
            _inPayload = false;
            return Result.Frame;
        }
        _partial ??= new PooledBufferWriter();
        var take = Math.Min(data.Length, _expected - _partial.WrittenCount);
        data[..take].CopyTo(_partial.GetSpan(take));
        _partial.Advance(take);
        data = data[take..];
        if (_partial.WrittenCount < _expected)
            return Result.NeedMore;
        payload = _partial.WrittenSpan.ToArray();
        _partial.Clear();
        _partial = null;
        _inPayload = false;
        return Result.Frame;
    }

    /// <summary>Reads header bytes; true once the header is complete and its length accepted.</summary>
    private bool ReadHeader(ref ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        if (_headerFilled == 0)
        {
            if (data.IsEmpty)
                return false;
            _first = data[0];
            data = data[1..];
            _headerFilled = 1;
            _lengthBytes = (_first & 0x7F) switch { 126 => 2, 127 => 8, _ => 0 };
            _length = 0;
        }
        while (_headerFilled < 1 + _lengthBytes)
        {
            if (data.IsEmpty)
                return false;
            _length = (_length << 8) | data[0];
            data = data[1..];
            _headerFilled++;
        }
        var length = _lengthBytes == 0 ? (ulong)(_first & 0x7F) : _length;
        _binary = (_first & StreamFrame.BinaryFlag) != 0;
        _headerFilled = 0;
        if (length == 0)
        {
            error = "frame length 0";
            return false;
        }
        if (length > (ulong)maxPayload)
        {
            error = $"frame of {length} bytes over maxPayload ({maxPayload})";
            return false;
        }
        _expected = (int)length;
        _inPayload = true;
        return true;
    }

    /// <summary>Gives pooled memory back; the decoder is not used afterwards.</summary>
    public void Release()
    {
        _partial?.Clear();
        _partial = null;
    }
}
