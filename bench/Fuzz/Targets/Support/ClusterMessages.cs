using SocketIO.Adapters;
using SocketIO.Adapters.Cluster;
using SocketIO.Protocol;

namespace SocketIO.Fuzz.Support;

/// <summary>Compares cluster messages field by field, payloads as JSON values.</summary>
internal static class ClusterMessages
{
    public static void CheckSame(ClusterMessage a, ClusterMessage b, string form)
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
        return JsonValues.Equal(a.Root, b.Root) && a.Attachments.Count == b.Attachments.Count
            && a.Attachments.Zip(b.Attachments).All(p => p.First.Span.SequenceEqual(p.Second.Span));
    }
}
