using System.Text.Json;
using SocketIO.Adapters;
using SocketIO.Adapters.Cluster;
using SocketIO.Protocol;

namespace SocketIO.Fuzz.Targets;

/// <summary>
/// socket.io-adapter's cluster envelope as a broker delivers it (docs/adapters.md): JSON when the body starts
/// with '{', notepack msgpack otherwise. <see cref="ClusterMessageCodec.Decode"/> may refuse only with
/// <see cref="ClusterMessageFormatException"/>, which is all the broker plug-ins catch. A decoded message
/// must encode in both forms, and one encode-decode round settles it: a second round changes nothing.
/// </summary>
internal static class ClusterCodecTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        ClusterMessage message;
        try
        {
            message = ClusterMessageCodec.Decode(input.ToArray());
        }
        catch (ClusterMessageFormatException)
        {
            return;
        }
        Outcome.Accept();
        _ = message.Data?.Root.ValueKind;
        foreach (var form in new[] { "json", "msgpack" })
        {
            var once = RoundTrip(message, form);
            var twice = RoundTrip(once, form);
            CheckSame(once, twice, form);
        }
    }

    private static ClusterMessage RoundTrip(ClusterMessage message, string form)
    {
        var body = form == "json" ? ClusterMessageCodec.EncodeJson(message) : ClusterMessageCodec.EncodeMsgpack(message);
        try
        {
            return ClusterMessageCodec.Decode(body);
        }
        catch (ClusterMessageFormatException ex)
        {
            throw new FuzzFailure($"{form}: a decoded message does not decode once re-encoded: {ex.Message}");
        }
    }

    private static void CheckSame(ClusterMessage a, ClusterMessage b, string form)
    {
        FuzzFailure.Check(a.Type == b.Type && a.Uid == b.Uid && a.Namespace == b.Namespace && a.RequestId == b.RequestId
            && a.Close == b.Close && a.ClientCount == b.ClientCount, $"{form}: the envelope changed: {a} / {b}");
        FuzzFailure.Check(SameList(a.Rooms, b.Rooms), $"{form}: rooms changed");
        FuzzFailure.Check(SameOptions(a.Options, b.Options), $"{form}: options changed");
        FuzzFailure.Check(SameData(a.Data, b.Data), $"{form}: data changed: {a.Data} / {b.Data}");
        FuzzFailure.Check((a.Sockets?.Count ?? -1) == (b.Sockets?.Count ?? -1), $"{form}: socket count changed");
        for (var i = 0; i < (a.Sockets?.Count ?? 0); i++)
        {
            var (x, y) = (a.Sockets![i], b.Sockets![i]);
            FuzzFailure.Check(x.Id == y.Id && x.Rooms.SetEquals(y.Rooms) && x.Data.Count == y.Data.Count, $"{form}: socket {i} changed");
        }
    }

    private static bool SameList(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);

    private static bool SameOptions(BroadcastOptions? a, BroadcastOptions? b) =>
        a is null ? b is null : b is not null && a.Rooms.SetEquals(b.Rooms) && a.Except.SetEquals(b.Except) && a.Flags == b.Flags;

    private static bool SameData(PacketData? a, PacketData? b)
    {
        if (a is null || b is null)
            return a is null && b is null;
        return Support.JsonValues.Equal(a.Root, b.Root) && a.Attachments.Count == b.Attachments.Count
            && a.Attachments.Zip(b.Attachments).All(p => p.First.Span.SequenceEqual(p.Second.Span));
    }
}
