namespace SocketIO.Protocol;

/// <summary>A parser-neutral Socket.IO packet.</summary>
public sealed class SocketPacket
{
    /// <summary>Creates a packet.</summary>
    public SocketPacket(PacketType type, string @namespace = "/", PacketData? data = null, long? id = null)
    {
        Type = type;
        Namespace = @namespace;
        Data = data;
        Id = id;
    }

    /// <summary>The packet type. Event/Ack packets with attachments are encoded as BinaryEvent/BinaryAck by the JSON parser.</summary>
    public PacketType Type { get; }

    /// <summary>The namespace, "/" for the main one.</summary>
    public string Namespace { get; }

    /// <summary>The payload, if any.</summary>
    public PacketData? Data { get; }

    /// <summary>The ack id, if any.</summary>
    public long? Id { get; }

    /// <summary>Event or BinaryEvent.</summary>
    public bool IsEvent => Type is PacketType.Event or PacketType.BinaryEvent;

    /// <summary>Ack or BinaryAck.</summary>
    public bool IsAck => Type is PacketType.Ack or PacketType.BinaryAck;

    /// <summary>A copy with another ack id.</summary>
    public SocketPacket WithId(long? id) => new(Type, Namespace, Data, id);

    /// <summary>A copy in another namespace.</summary>
    public SocketPacket WithNamespace(string nsp) => new(Type, nsp, Data, Id);
}
