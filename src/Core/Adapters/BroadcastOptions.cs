using System.Text.Json.Serialization;

namespace SocketIO.Adapters;

/// <summary>Flags carried with a broadcast.</summary>
public sealed record BroadcastFlags
{
    /// <summary>The packet may be dropped when a client cannot take it now.</summary>
    public bool Volatile { get; init; }

    /// <summary>Deliver on this node only.</summary>
    public bool Local { get; init; }

    /// <summary>Compression hint (kept for wire compatibility).</summary>
    public bool Compress { get; init; } = true;

    /// <summary>How long to wait for acks or remote answers.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>No flags.</summary>
    public static readonly BroadcastFlags None = new();
}

/// <summary>Who a broadcast reaches: sockets in any of <see cref="Rooms"/> (all when empty) and in none of <see cref="Except"/>.</summary>
public sealed record BroadcastOptions
{
    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();

    /// <summary>Target rooms; empty means every socket of the namespace.</summary>
    [JsonConverter(typeof(StringSetJsonConverter))]
    public IReadOnlySet<string> Rooms { get; init; } = Empty;

    /// <summary>Rooms whose sockets are excluded.</summary>
    [JsonConverter(typeof(StringSetJsonConverter))]
    public IReadOnlySet<string> Except { get; init; } = Empty;

    /// <summary>Delivery flags.</summary>
    public BroadcastFlags Flags { get; init; } = BroadcastFlags.None;

    /// <summary>Everyone, no flags.</summary>
    public static readonly BroadcastOptions All = new();
}
