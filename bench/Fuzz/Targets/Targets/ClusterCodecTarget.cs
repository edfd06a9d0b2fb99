using SocketIO.Adapters.Cluster;
using SocketIO.Fuzz.Support;

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
            ClusterMessages.CheckSame(once, twice, form);
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
}
