using System.Globalization;

namespace SocketIO.Adapters.Redis.Internal.Streams;

/// <summary>
/// A Redis stream entry id <c>&lt;ms&gt;-&lt;seq&gt;</c>, which is also the connection state recovery offset of the
/// event it carries. Ids of one stream grow strictly, so they order the stream.
/// </summary>
internal sealed class StreamId : IComparable<StreamId>
{
    /// <summary>The id before every entry (<c>0-0</c>): a reader there has seen nothing yet.</summary>
    public static readonly StreamId Zero = new(0, 0, "0-0");

    private StreamId(ulong ms, ulong seq, string text)
    {
        Ms = ms;
        Seq = seq;
        Text = text;
    }

    public ulong Ms { get; }

    public ulong Seq { get; }

    /// <summary>The id as Redis writes it.</summary>
    public string Text { get; }

    /// <summary>
    /// Parses <c>digits-digits</c>, the shape Node's adapter accepts as an offset (<c>/^[0-9]+-[0-9]+$/</c>), with both
    /// parts within 64 bits as Redis requires.
    /// </summary>
    public static bool TryParse(string? text, out StreamId id)
    {
        id = Zero;
        if (string.IsNullOrEmpty(text))
            return false;
        var dash = text.IndexOf('-');
        if (dash <= 0 || dash == text.Length - 1)
            return false;
        if (!ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            return false;
        id = new StreamId(ms, seq, text);
        return true;
    }

    /// <summary>Parses an id that Redis returned; a malformed one is a protocol error.</summary>
    public static StreamId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a stream entry id");

    /// <summary>
    /// The smallest id after this one, for an XRANGE that starts after it (exclusive ranges need Redis 6.2;
    /// Node's adapter computes the next id the same way).
    /// </summary>
    public StreamId Next() => Seq == ulong.MaxValue
        ? new StreamId(Ms + 1, 0, string.Create(CultureInfo.InvariantCulture, $"{Ms + 1}-0"))
        : new StreamId(Ms, Seq + 1, string.Create(CultureInfo.InvariantCulture, $"{Ms}-{Seq + 1}"));

    public int CompareTo(StreamId? other)
    {
        if (other is null)
            return 1;
        var c = Ms.CompareTo(other.Ms);
        return c != 0 ? c : Seq.CompareTo(other.Seq);
    }

    public static bool operator <(StreamId a, StreamId b) => a.CompareTo(b) < 0;

    public static bool operator >(StreamId a, StreamId b) => a.CompareTo(b) > 0;

    public static bool operator <=(StreamId a, StreamId b) => a.CompareTo(b) <= 0;

    public static bool operator >=(StreamId a, StreamId b) => a.CompareTo(b) >= 0;

    public static StreamId Max(StreamId a, StreamId b) => a >= b ? a : b;

    public override bool Equals(object? obj) => obj is StreamId other && CompareTo(other) == 0;

    public override int GetHashCode() => HashCode.Combine(Ms, Seq);

    public override string ToString() => Text;
}
