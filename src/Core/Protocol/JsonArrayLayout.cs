using System.Buffers;
using System.Text.Json;

namespace SocketIO.Protocol;

/// <summary>
/// Where a top-level JSON array and each of its items lie in the UTF-8 text of a payload, so that an event's
/// name and arguments are read, bound and sent back from their own bytes, with no document built. A value
/// that is not an array has no items.
/// </summary>
internal readonly struct JsonArrayLayout
{
    private static readonly int[] NotAnArray = [];

    // [array start, array end, item 0 start, item 0 end, item 1 start, …]; empty for a value that is not an array.
    private readonly int[] _offsets;

    public JsonArrayLayout(int[] offsets) => _offsets = offsets;

    /// <summary>The raw offsets, as <see cref="ReadItems"/> and <see cref="Read"/> return them.</summary>
    public int[] Offsets => _offsets ?? NotAnArray;

    /// <summary>True when the value is an array.</summary>
    public bool IsArray => Offsets.Length >= 2;

    /// <summary>The number of items.</summary>
    public int Count => Math.Max(0, (Offsets.Length - 2) / 2);

    /// <summary>The bytes of the whole array, brackets included.</summary>
    public Range Array => Offsets[0]..Offsets[1];

    /// <summary>The bytes of item <paramref name="index"/> (its raw JSON value).</summary>
    public Range Item(int index) => Offsets[2 + 2 * index]..Offsets[3 + 2 * index];

    /// <summary>The kind of a raw JSON value, from its first byte.</summary>
    public static JsonValueKind KindOf(ReadOnlySpan<byte> value) => value.IsEmpty ? JsonValueKind.Undefined : value[0] switch
    {
        (byte)'{' => JsonValueKind.Object,
        (byte)'[' => JsonValueKind.Array,
        (byte)'"' => JsonValueKind.String,
        (byte)'t' => JsonValueKind.True,
        (byte)'f' => JsonValueKind.False,
        (byte)'n' => JsonValueKind.Null,
        _ => JsonValueKind.Number,
    };

    /// <summary>
    /// The layout of <paramref name="utf8Json"/>, one JSON value that was written or validated before (no depth
    /// limit here); malformed JSON throws <see cref="JsonException"/>.
    /// </summary>
    public static int[] Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
            return NotAnArray;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = int.MaxValue });
        return reader.Read() && reader.TokenType == JsonTokenType.StartArray ? ReadItems(ref reader) : NotAnArray;
    }

    /// <summary>
    /// Reads the array the reader is on to its end (the reader is left on its <see cref="JsonTokenType.EndArray"/>)
    /// and returns its offsets. Malformed JSON throws <see cref="JsonException"/>, as the reader does.
    /// </summary>
    public static int[] ReadItems(ref Utf8JsonReader reader)
    {
        int[]? rented = null;
        var offsets = (stackalloc int[34]);
        try
        {
            offsets[0] = (int)reader.TokenStartIndex;
            var n = 2;
            while (true)
            {
                if (!reader.Read())
                    throw new JsonException("the array does not end");
                if (reader.TokenType == JsonTokenType.EndArray)
                    break;
                if (n + 2 > offsets.Length)
                    offsets = PooledGrowth.Grow(offsets, ref rented);
                offsets[n++] = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    reader.Skip();
                // Past the item's last token: a string's closing quote, a number's last digit, a closing bracket.
                offsets[n++] = (int)reader.BytesConsumed;
            }
            offsets[1] = (int)reader.BytesConsumed;
            return offsets[..n].ToArray();
        }
        finally
        {
            if (rented is not null)
                ArrayPool<int>.Shared.Return(rented);
        }
    }
}
