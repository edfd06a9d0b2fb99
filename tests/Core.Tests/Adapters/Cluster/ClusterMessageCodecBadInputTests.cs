using System.Text;
using SocketIO.Adapters.Cluster;

namespace SocketIO.Tests.Adapters.Cluster;

/// <summary>
/// Bodies found by fuzzing bench/Fuzz's cluster-codec target: each must be refused with
/// <see cref="ClusterMessageFormatException"/>, the only exception the broker plug-ins catch.
/// </summary>
public class ClusterMessageCodecBadInputTests
{
    public static TheoryData<string, byte[]> Bodies => new()
    {
        // Invalid UTF-8 inside a JSON string: JsonDocument accepts it, reading the string throws.
        { "invalid UTF-8 in the uid", Concat("{\"type\":1,\"uid\":\"3c02", [0xA0], "de\",\"nsp\":\"/\"}") },
        { "invalid UTF-8 in a broadcast argument", Concat("{\"type\":3,\"uid\":\"a\",\"nsp\":\"/\",\"data\":{\"opts\":{},\"packet\":{\"data\":[\"e\",\"", [0xED, 0xA0, 0x80], "\"]}}}") },
        { "invalid UTF-8 in a property name", Concat("{\"type\":3,\"uid\":\"a\",\"nsp\":\"/\",\"data\":{\"opts\":{},\"packet\":{\"data\":[{\"", [0xC3], "\":1}]}}}") },
        // An escaped lone surrogate is valid JSON, but System.Text.Json cannot read it as a string.
        { "a lone surrogate in a room name", Encoding.UTF8.GetBytes("{\"type\":4,\"uid\":\"a\",\"nsp\":\"/\",\"data\":{\"opts\":{},\"rooms\":[\"\\ud800\"]}}") },
        { "a lone surrogate in the namespace", Encoding.UTF8.GetBytes("{\"type\":2,\"uid\":\"a\",\"nsp\":\"/\\udc00\"}") },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Decode_refuses_with_a_format_exception(string why, byte[] body)
    {
        var error = Record.Exception(() => ClusterMessageCodec.Decode(body));
        Assert.True(error is ClusterMessageFormatException, $"{why}: {error?.GetType().Name ?? "no exception"}");
    }

    [Fact]
    public void Decode_still_reads_non_ASCII_text_and_escapes()
    {
        var message = ClusterMessageCodec.Decode(Encoding.UTF8.GetBytes("{\"type\":4,\"uid\":\"é\",\"nsp\":\"/\",\"data\":{\"opts\":{},\"rooms\":[\"\\ud83d\\ude00\",\"✓\"]}}"));
        Assert.Equal("é", message.Uid);
        Assert.Equal(["😀", "✓"], message.Rooms);
    }

    private static byte[] Concat(string before, byte[] bytes, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. bytes, .. Encoding.UTF8.GetBytes(after)];
}
