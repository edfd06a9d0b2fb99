using SocketIO.Protocol;

namespace SocketIO.Fuzz.Tests.Properties;

/// <summary>Generators shared by the properties: Unicode text with lone surrogates, JSON values with binary, and packets.</summary>
internal static class Generators
{
    private static readonly string[] Reserved = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    /// <summary>One UTF-16 code unit or pair, weighted towards what breaks codecs: quotes, escapes, controls, non-ASCII, pairs, lone halves.</summary>
    public static Gen<string> Piece(bool loneSurrogates) => Gen.Frequency(
        (30, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
        (4, Gen.Elements("\"", "\\", "/", ",", "\u001e", "{", "}", "[", "]", "-", "0")),
        (3, Gen.Choose(0, 0x1F).Select(c => ((char)c).ToString())),
        (6, Gen.Choose(0x80, 0xD7FF).Select(c => ((char)c).ToString())),
        (3, Gen.Choose(0xE000, 0xFFFF).Select(c => ((char)c).ToString())),
        (4, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)),
        (loneSurrogates ? 3 : 0, Gen.Choose(0xD800, 0xDFFF).Select(c => ((char)c).ToString())));

    /// <summary>Text of 0 to about 12 pieces.</summary>
    public static Gen<string> Text(bool loneSurrogates) =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(12, size)).SelectMany(n => Piece(loneSurrogates).ArrayOf(n)).Select(pieces => string.Concat(pieces)));

    public static Gen<JsonValue> Scalar(bool loneSurrogates) => Gen.Frequency<JsonValue>(
        (1, Gen.Constant<JsonValue>(new JNull())),
        (1, Gen.Elements(true, false).Select(b => (JsonValue)new JBool(b))),
        (3, Gen.Choose(-100000, 100000).Select(n => (JsonValue)new JNumber(n))),
        (1, Gen.Elements(0.5, -1.25, 1e-7, 3.14159, 1e300, -2.5e-300, 9007199254740991, -9007199254740991).Select(d => (JsonValue)new JNumber(d))),
        (5, Text(loneSurrogates).Zip(Gen.Elements(false, true)).Select(p => (JsonValue)new JString(p.Item1, p.Item2))));

    /// <summary>A JSON value nested up to <paramref name="depth"/> levels, with binary values when <paramref name="binary"/>.</summary>
    public static Gen<JsonValue> Value(int depth, bool binary, bool loneSurrogates)
    {
        var scalar = Scalar(loneSurrogates);
        var bytes = Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 8)), (1, Gen.Choose(100, 300)))
            .SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n)).Select(b => (JsonValue)new JBinary(b));
        if (depth <= 0)
            return binary ? Gen.Frequency((6, scalar), (1, bytes)) : scalar;
        var child = Value(depth - 1, binary, loneSurrogates);
        var array = Gen.Choose(0, 4).SelectMany(n => child.ArrayOf(n)).Select(items => (JsonValue)new JArray(items));
        var obj = Gen.Choose(0, 4).SelectMany(n => Text(loneSurrogates).Zip(child).ArrayOf(n))
            .Select(members => (JsonValue)new JObject(members.DistinctBy(m => m.Item1).Where(m => m.Item1 != "_placeholder")
                .Select(m => KeyValuePair.Create(m.Item1, m.Item2)).ToList()));
        return binary ? Gen.Frequency((4, scalar), (1, bytes), (2, array), (2, obj)) : Gen.Frequency((4, scalar), (2, array), (2, obj));
    }

    /// <summary>A namespace: the main one, or '/' and text without ',' (the default parser ends the namespace at the first ',').</summary>
    public static Gen<string> Namespace(bool loneSurrogates) => Gen.Frequency(
        (1, Gen.Constant("/")),
        (3, Text(loneSurrogates).Select(t => "/" + t.Replace(",", ""))));

    /// <summary>An ack id: socket.io ids are JavaScript numbers; the default parser takes up to 15 digits.</summary>
    public static Gen<long> AckId => Gen.Frequency(
        (4, Gen.Choose(0, 1000).Select(n => (long)n)),
        (1, Gen.Elements(999_999_999_999_999L, 4_294_967_296L, int.MaxValue + 1L)));

    /// <summary>A packet a client may send, valid for its type (socket.io-parser's isPayloadValid and socket.io's event-name rule).</summary>
    public static Gen<PacketCase> Packet(bool loneSurrogates, bool loneSurrogateNames = true) =>
        from type in Gen.Elements(PacketType.Connect, PacketType.Disconnect, PacketType.Event, PacketType.Event, PacketType.Ack, PacketType.ConnectError)
        from nsp in Namespace(loneSurrogates)
        from id in AckId
        from withId in Gen.Elements(true, false)
        from data in Data(type, loneSurrogates, loneSurrogateNames)
        select new PacketCase(type, nsp, type == PacketType.Ack || (type == PacketType.Event && withId) ? id : null, data);

    private static Gen<JsonValue?> Data(PacketType type, bool loneSurrogates, bool loneSurrogateNames)
    {
        var args = Gen.Choose(0, 4).SelectMany(n => Value(3, binary: true, loneSurrogates).ArrayOf(n));
        var name = Gen.Frequency(
            (4, Text(loneSurrogates && loneSurrogateNames).Where(t => !Reserved.Contains(t)).Select(t => (JsonValue)new JString(t, false))),
            (1, Gen.Choose(-5, 5000).Select(n => (JsonValue)new JNumber(n))));
        var anObject = Value(2, binary: false, loneSurrogates).Where(v => v is JObject);
        return type switch
        {
            PacketType.Connect => Gen.Frequency((1, Gen.Constant<JsonValue?>(null)), (2, anObject.Select(v => (JsonValue?)v))),
            PacketType.Disconnect => Gen.Constant<JsonValue?>(null),
            PacketType.Event => name.Zip(args).Select(p => (JsonValue?)new JArray([p.Item1, .. p.Item2])),
            PacketType.Ack => args.Select(a => (JsonValue?)new JArray(a)),
            _ => Gen.OneOf(anObject, Text(loneSurrogates).Select(t => (JsonValue)new JString(t, false))).Select(v => (JsonValue?)v),
        };
    }
}

/// <summary>A generated packet: what a client means to send, before encoding.</summary>
internal sealed record PacketCase(PacketType Type, string Namespace, long? Id, JsonValue? Data)
{
    /// <summary>The runtime's packet: JSON with placeholders plus the attachments.</summary>
    public SocketPacket ToPacket()
    {
        if (Data is null)
            return new SocketPacket(Type, Namespace, null, Id);
        var attachments = new List<ReadOnlyMemory<byte>>();
        var json = JsonValue.Write(Data, attachments);
        return new SocketPacket(Type, Namespace, new PacketData(json, attachments), Id);
    }

    public bool HasLoneSurrogate => JsonValue.IsLone(Namespace) || Data?.HasLoneSurrogate == true;

    public override string ToString() => $"{Type} {Namespace} id={Id} {Data}";
}

/// <summary>Runs a property over a generator, failing the test with the shrunk counterexample.</summary>
internal static class Property
{
    public static void Check<T>(Gen<T> generator, Action<T> body, int maxTest = 300) =>
        Prop.ForAll(generator.ToArbitrary(), body).Check(Config.QuickThrowOnFailure.WithMaxTest(maxTest));
}
