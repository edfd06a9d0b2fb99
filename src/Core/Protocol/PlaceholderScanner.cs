using System.Buffers;
using System.Text.Json;

namespace SocketIO.Protocol;

/// <summary>What a <see cref="PlaceholderScanner"/> walk reports to.</summary>
internal interface IPlaceholderSink
{
    /// <summary>How much has been reported so far, to come back to with <see cref="Reset"/>.</summary>
    int Mark { get; }

    /// <summary>Forgets what was reported since <paramref name="mark"/>: it was inside a placeholder, which is not looked into.</summary>
    void Reset(int mark);

    /// <summary>True when the walk stops at a placeholder with this attachment number: it is reported, and not looked into.</summary>
    bool StopsAt(int index);

    /// <summary>A placeholder the walk stopped at, and the bytes of its object.</summary>
    void OnPlaceholder(int start, int end, int index);

    /// <summary>An object with a <c>_placeholder</c> member that is not a placeholder.</summary>
    void OnStray();
}

/// <summary>
/// Walks UTF-8 JSON for binary placeholders in one forward pass of a <see cref="Utf8JsonReader"/>, with no
/// document. It reports what a recursive descent over the value would see: an object that is a placeholder
/// the sink stops at is reported and not entered; every other object and array is. Since an object is only
/// known to be a placeholder at its end, what was reported inside it is then taken back.
/// </summary>
internal static class PlaceholderScanner
{
    private struct Frame
    {
        public bool IsObject;
        public int Start;
        public int Mark;
        public PlaceholderMembers Members;
    }

    /// <summary>Walks <paramref name="json"/>, one JSON value; malformed JSON throws <see cref="JsonException"/>.</summary>
    public static void Scan<TSink>(ReadOnlySpan<byte> json, ref TSink sink)
        where TSink : struct, IPlaceholderSink
    {
        // The value was parsed or validated before, within its own depth limit.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        Frame[]? rented = null;
        var frames = (stackalloc Frame[16]);
        try
        {
            while (reader.Read())
            {
                var depth = reader.CurrentDepth;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[depth - 1].Members.OnName(ref reader);
                        break;
                    case JsonTokenType.EndObject:
                        ref var frame = ref frames[depth];
                        if (frame.Members.IsPlaceholder(out var index) && sink.StopsAt(index))
                        {
                            sink.Reset(frame.Mark);
                            sink.OnPlaceholder(frame.Start, (int)reader.BytesConsumed, index);
                        }
                        else if (frame.Members.HasFlag)
                        {
                            sink.OnStray();
                        }
                        break;
                    case JsonTokenType.EndArray:
                        break;
                    default:
                        if (depth > 0 && frames[depth - 1].IsObject)
                            frames[depth - 1].Members.OnValue(ref reader);
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            if (depth == frames.Length)
                                frames = PooledGrowth.Grow(frames, ref rented);
                            frames[depth] = new Frame
                            {
                                IsObject = reader.TokenType == JsonTokenType.StartObject,
                                Start = (int)reader.TokenStartIndex,
                                Mark = sink.Mark,
                            };
                        }
                        break;
                }
            }
        }
        finally
        {
            if (rented is not null)
                ArrayPool<Frame>.Shared.Return(rented);
        }
    }
}
