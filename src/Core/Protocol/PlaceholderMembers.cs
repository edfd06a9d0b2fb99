using System.Text.Json;

namespace SocketIO.Protocol;

/// <summary>
/// What one JSON object's members say about it being a placeholder, fed token by token from a
/// <see cref="Utf8JsonReader"/>: the rules of <see cref="Placeholder.TryGetIndex(JsonElement, out int)"/>
/// without a document. The last of duplicate members wins, as in JSON.parse.
/// </summary>
internal struct PlaceholderMembers
{
    private const byte OtherName = 0, FlagName = 1, NumName = 2;

    private byte _pending;
    private bool _flagIsTrue;
    private bool _numIsNumber;
    private int _num;

    /// <summary>True when the object has a <c>_placeholder</c> member, whatever its value.</summary>
    public bool HasFlag { get; private set; }

    /// <summary>The reader is on a property name of the object.</summary>
    public void OnName(ref Utf8JsonReader reader)
    {
        _pending = NameIs(ref reader, "_placeholder"u8) ? FlagName : NameIs(ref reader, "num"u8) ? NumName : OtherName;
        HasFlag |= _pending == FlagName;
    }

    /// <summary>The reader is on the first token of the value of the name last seen.</summary>
    public void OnValue(ref Utf8JsonReader reader)
    {
        if (_pending == FlagName)
            _flagIsTrue = reader.TokenType == JsonTokenType.True;
        else if (_pending == NumName)
        {
            _numIsNumber = reader.TokenType == JsonTokenType.Number;
            _num = _numIsNumber && reader.TryGetInt32(out var num) ? num : -1;
        }
        _pending = OtherName;
    }

    /// <summary>True for <c>{"_placeholder":true,"num":n}</c>; <paramref name="index"/> is n, or -1 when n is not an Int32.</summary>
    public readonly bool IsPlaceholder(out int index)
    {
        index = -1;
        if (!_flagIsTrue || !_numIsNumber)
            return false;
        index = _num;
        return true;
    }

    // A name with an escaped lone surrogate ("\ud800") cannot be unescaped, and is never an ASCII name.
    private static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueIsEscaped)
            return reader.ValueSpan.SequenceEqual(name);
        try
        {
            return reader.ValueTextEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
