namespace SocketIO.Serialization.Msgpack;

/// <summary>The kind of the next MessagePack value, as <see cref="MsgpackReader.PeekType"/> reports it.</summary>
public enum MsgpackType
{
    /// <summary>nil (<c>c0</c>).</summary>
    Nil,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>A positive or negative fixint, uint 8–64 or int 8–64.</summary>
    Integer,

    /// <summary>float 32 or float 64.</summary>
    Float,

    /// <summary>fixstr or str 8/16/32.</summary>
    String,

    /// <summary>bin 8/16/32, or ext 8/16/32 with type 0 (how notepack.io 2 wrote an ArrayBuffer).</summary>
    Binary,

    /// <summary>fixarray or array 16/32.</summary>
    Array,

    /// <summary>fixmap or map 16/32.</summary>
    Map,

    /// <summary>An extension value of a type this codec gives no meaning to.</summary>
    Extension,

    /// <summary>fixext 1 with type 0 (<c>d4 00 00</c>), how notepack.io 2 wrote JavaScript's <c>undefined</c>.</summary>
    Undefined,

    /// <summary>The timestamp extension (type −1), or fixext 8 with type 0 (how notepack.io 2 wrote a Date).</summary>
    Timestamp,
}
