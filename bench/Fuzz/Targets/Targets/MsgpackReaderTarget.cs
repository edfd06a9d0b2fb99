using System.Text.Json;
using SocketIO.Fuzz.Support;
using SocketIO.Protocol;
using SocketIO.Serialization.Msgpack;

namespace SocketIO.Fuzz.Targets;

/// <summary>
/// Core's msgpack reader, which treats its input as hostile: every malformed input must end in
/// <see cref="MsgpackException"/>. The input is read twice: as JSON (<see cref="MsgpackReader.ReadJson"/>),
/// whose output must be valid JSON that survives write-then-read (one round may reorder keys as a
/// JavaScript object orders them; a second round changes nothing), and value by value through the typed reads.
/// </summary>
internal static class MsgpackReaderTarget
{
    private const int MaxDepth = 64;

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (ReadJson(input, out var attachments) is { } json)
        {
            Outcome.Accept();
            var once = WriteThenRead(json, attachments, out var attachmentsOnce);
            var twice = WriteThenRead(once, attachmentsOnce, out var attachmentsTwice);
            FuzzFailure.Check(twice.AsSpan().SequenceEqual(once), $"write-then-read changed {Text(once)} into {Text(twice)}");
            FuzzFailure.Check(attachmentsOnce.Count == attachments.Count && attachmentsTwice.Count == attachments.Count, "write-then-read changed the attachments");
        }
        ReadTyped(input);
    }

    private static string Text(byte[] utf8) => System.Text.Encoding.UTF8.GetString(utf8);

    private static byte[] WriteThenRead(byte[] json, List<ReadOnlyMemory<byte>> attachments, out List<ReadOnlyMemory<byte>> attachmentsAgain)
    {
        using var document = ParseJson(json);
        return ReadJson(Write(document.RootElement, attachments), out attachmentsAgain)
            ?? throw new FuzzFailure($"ReadJson's output {Text(json)}, written back as msgpack, does not read");
    }

    private static byte[]? ReadJson(ReadOnlySpan<byte> input, out List<ReadOnlyMemory<byte>> attachments)
    {
        attachments = [];
        using var buffer = new PooledBufferWriter();
        try
        {
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = MaxDepth + 1 }))
            {
                var reader = new MsgpackReader(input, MaxDepth);
                reader.ReadJson(json, attachments);
            }
        }
        catch (MsgpackException)
        {
            return null;
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static JsonDocument ParseJson(byte[] json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        }
        catch (JsonException ex)
        {
            throw new FuzzFailure($"ReadJson wrote invalid JSON: {ex.Message}");
        }
    }

    private static byte[] Write(JsonElement root, List<ReadOnlyMemory<byte>> attachments)
    {
        using var buffer = new PooledBufferWriter();
        new MsgpackWriter(buffer).WriteJson(root, attachments);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Walks every value with the typed reads (containers by their headers), until the end or a refusal.</summary>
    private static void ReadTyped(ReadOnlySpan<byte> input)
    {
        var reader = new MsgpackReader(input, MaxDepth);
        try
        {
            while (!reader.End)
            {
                var start = reader.Position;
                switch (reader.PeekType())
                {
                    case MsgpackType.Nil or MsgpackType.Undefined:
                        FuzzFailure.Check(reader.TryReadNil(), "TryReadNil refused a nil or undefined");
                        break;
                    case MsgpackType.Boolean:
                        reader.ReadBoolean();
                        break;
                    case MsgpackType.Integer:
                        reader.ReadInteger();
                        break;
                    case MsgpackType.Float:
                        reader.ReadDouble();
                        break;
                    case MsgpackType.String:
                        reader.ReadString();
                        break;
                    case MsgpackType.Binary:
                        reader.ReadBinary();
                        break;
                    case MsgpackType.Timestamp:
                        reader.ReadTimestamp();
                        break;
                    case MsgpackType.Array:
                        FuzzFailure.Check(reader.ReadArrayHeader() >= 0, "a negative array count");
                        break;
                    case MsgpackType.Map:
                        FuzzFailure.Check(reader.ReadMapHeader() >= 0, "a negative map count");
                        break;
                    default:
                        reader.Skip();
                        break;
                }
                FuzzFailure.Check(reader.Position > start, $"no progress at offset {start}");
            }
        }
        catch (MsgpackException)
        {
        }
    }
}
