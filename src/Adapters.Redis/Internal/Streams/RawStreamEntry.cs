using StackExchange.Redis;

namespace SocketIO.Adapters.Redis.Internal.Streams;

/// <summary>
/// One stream entry as Node's adapter writes it (socketio/socket.io-redis-streams-adapter, lib/adapter.ts
/// <c>RawClusterMessage</c>): the fields <c>uid</c>, <c>nsp</c>, <c>type</c> (a decimal string) and <c>data</c>
/// (JSON, or base64 msgpack), each null when absent. Other fields are ignored, and a repeated field keeps its last value.
/// </summary>
internal sealed record RawStreamEntry(StreamId Id, string? Uid, string? Nsp, string? Type, string? Data)
{
    /// <summary>Reads the entry's fields from Redis' flat <c>[name, value, name, value, …]</c> list.</summary>
    public static RawStreamEntry From(StreamId id, ReadOnlySpan<RedisResult> fields)
    {
        string? uid = null, nsp = null, type = null, data = null;
        for (var i = 0; i + 1 < fields.Length; i += 2)
            Set((string?)fields[i], (string?)fields[i + 1]);
        return new RawStreamEntry(id, uid, nsp, type, data);

        void Set(string? name, string? value)
        {
            switch (name)
            {
                case "uid": uid = value; break;
                case "nsp": nsp = value; break;
                case "type": type = value; break;
                case "data": data = value; break;
            }
        }
    }

    /// <summary>Reads an entry that XRANGE returned.</summary>
    public static RawStreamEntry From(StreamEntry entry)
    {
        string? uid = null, nsp = null, type = null, data = null;
        foreach (var field in entry.Values)
        {
            switch ((string?)field.Name)
            {
                case "uid": uid = field.Value; break;
                case "nsp": nsp = field.Value; break;
                case "type": type = field.Value; break;
                case "data": data = field.Value; break;
            }
        }
        return new RawStreamEntry(StreamId.Parse(entry.Id!), uid, nsp, type, data);
    }
}
