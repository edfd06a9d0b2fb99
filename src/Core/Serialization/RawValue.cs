using System.Text.Json;

namespace SocketIO.Serialization;

/// <summary>
/// A received argument kept in its raw form: JSON plus the attachments its placeholders refer to.
/// Emitting it sends the same value, binary included.
/// </summary>
public readonly record struct RawValue(JsonElement Element, IReadOnlyList<ReadOnlyMemory<byte>> Attachments);
