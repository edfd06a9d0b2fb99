using System.Text.Json;
using SocketIO.Serialization;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Serialization;

/// <summary>
/// JavaScript strings may hold lone surrogates, which JSON.stringify writes as escapes (\ud800). They are
/// read, kept and written back as the same escapes; re-emitting what a client sent never throws.
/// </summary>
public class LoneSurrogateTests
{
    private static readonly PayloadSerializer Serializer = new();

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string WriteArray(params object?[] args) => Serializer.WriteArray(args).ToString();

    // Lone surrogates cannot appear in attribute arguments (stored as UTF-8), so the cases are built here.
    private const char High = '\ud800', Low = '\udc00', HighMax = '\udbff', LowMax = '\udfff';

    [Fact]
    public void A_lone_surrogate_escape_is_read_into_the_string()
    {
        (string Json, string Expected)[] cases =
        [
            ("\"a\\ud800b\"", $"a{High}b"),
            ("\"\\udc00\"", $"{Low}"),
            ("\"x\\uDBFF\"", $"x{HighMax}"),
            ("\"\\udc00\\ud83d\\ude00\\n\\\"é\"", $"{Low}😀\n\"é"),
        ];
        foreach (var (json, expected) in cases)
            Assert.Equal(expected, Serializer.Read<string>(Parse(json), []));
    }

    [Fact]
    public void A_string_with_a_lone_surrogate_is_written_with_the_escape_json_stringify_uses()
    {
        (string Text, string Expected)[] cases =
        [
            ($"a{High}b", "[\"a\\ud800b\"]"),
            ($"{LowMax}", "[\"\\udfff\"]"),
            ($"\"{High}\n", "[\"\\\"\\ud800\\n\"]"),
            ($"é{Low}", "[\"é\\udc00\"]"),
            ($"{Low}{High}", "[\"\\udc00\\ud800\"]"),
        ];
        foreach (var (text, expected) in cases)
            Assert.Equal(expected, WriteArray(text));
    }

    [Fact]
    public void Well_formed_strings_are_written_as_before()
    {
        Assert.Equal("[\"plain é\",\"pair 😀\"]", WriteArray("plain é", "pair 😀").Replace("\\uD83D\\uDE00", "😀"));
        Assert.False(JsString.HasLoneSurrogate("pair 😀"));
        Assert.True(JsString.HasLoneSurrogate($"pair {High}"));
        Assert.True(JsString.HasLoneSurrogate($"{Low} pair"));
    }

    [Fact]
    public void A_typed_object_round_trips_a_lone_surrogate_in_its_values()
    {
        var note = Serializer.Read<Note>(Parse("{\"text\":\"a\\ud800b\",\"tags\":{\"k\":\"v\\udc00\"}}"), [])!;

        Assert.Equal($"a{High}b", note.Text);
        Assert.Equal($"v{Low}", note.Tags["k"]);
        Assert.Equal("[{\"text\":\"a\\ud800b\",\"tags\":{\"k\":\"v\\udc00\"}}]", WriteArray(note));
    }

    [Fact]
    public void A_lone_surrogate_in_a_typed_property_name_or_dictionary_key_is_refused_as_bad_json()
    {
        // System.Text.Json reads names itself; a handler parameter of such a type refuses the argument.
        Assert.Throws<JsonException>(() => Serializer.Read<Dictionary<string, int>>(Parse("{\"k\\udc00\":1}"), []));
        Assert.Throws<JsonException>(() => Serializer.Read<Note>(Parse("{\"t\\udc00\":1}"), []));
    }

    public sealed record Note(string Text, Dictionary<string, string> Tags);

    [Fact]
    public void Raw_values_are_written_back_byte_for_byte()
    {
        const string json = "[\"a\\ud800b\",{\"k\\udc00\":[1, 2.50,\"\\u00e9\\/\"]},null]";
        var args = Parse(json);

        Assert.Equal($"[{json}]", WriteArray(args));
        Assert.Equal($"[{json}]", WriteArray(new RawValue(args, [])));
    }

    [Fact]
    public void Raw_values_with_attachments_keep_their_text_and_renumber_their_placeholders()
    {
        var received = Parse("[\"a\\ud800b\",{\"_placeholder\":true,\"num\":1},{\"k\\udc00\":{\"_placeholder\":true,\"num\":0}}]");
        ReadOnlyMemory<byte>[] attachments = [new byte[] { 1 }, new byte[] { 2 }];

        var data = Serializer.WriteArray([new RawValue(received[0], attachments), new RawValue(received[2], attachments), new RawValue(received[1], attachments)]);

        Assert.Equal("[\"a\\ud800b\",{\"k\\udc00\":{\"_placeholder\":true,\"num\":0}},{\"_placeholder\":true,\"num\":1}]", data.ToString());
        Assert.Equal([[1], [2]], data.Attachments.Select(a => a.ToArray()));
    }

    [Fact]
    public async Task Re_emitting_what_a_client_sent_gives_it_back_exactly()
    {
        var io = ServerFactory.Create();
        io.OnConnection(socket =>
        {
            socket.On("message", (SocketEvent e) => socket.Emit("message-back", e.Args));
            socket.On("typed", (string text, JsonElement any) => new object[] { text, any });
        });
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("42[\"message\",\"a\\ud800b\",{\"\\udc00\":[\"\\ud800\"]}]");
        Assert.Equal("42[\"message-back\",\"a\\ud800b\",{\"\\udc00\":[\"\\ud800\"]}]", await client.NextAsync());

        client.Send("421[\"typed\",\"a\\ud800b\",{\"\\udc00\":1}]");
        Assert.Equal("431[[\"a\\ud800b\",{\"\\udc00\":1}]]", await client.NextAsync());
    }

    [Fact]
    public async Task An_event_name_with_a_lone_surrogate_reaches_its_handler()
    {
        var logs = new LogCapture();
        var io = ServerFactory.Create(logs: logs);
        io.OnConnection(socket => socket.On($"x{High}", (SocketEvent e) => e.Ack(e.Name)));
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();

        client.Send("421[\"x\\ud800\"]");

        Assert.Equal("431[\"x\\ud800\"]", await client.NextAsync());
        Assert.DoesNotContain(logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public void A_cluster_message_in_JSON_keeps_the_escapes_and_in_msgpack_has_U_FFFD()
    {
        var data = new SocketIO.Protocol.PacketData("[\"e\",\"a\\ud800b\",{\"k\\udc00\":[\"\\udfff\"]}]"u8.ToArray());
        var message = new SocketIO.Adapters.Cluster.ClusterMessage { Type = SocketIO.Adapters.Cluster.ClusterMessageType.ServerSideEmit, Uid = "a", Data = data };

        var json = SocketIO.Adapters.Cluster.ClusterMessageCodec.EncodeJson(message);
        var msgpack = SocketIO.Adapters.Cluster.ClusterMessageCodec.Decode(SocketIO.Adapters.Cluster.ClusterMessageCodec.EncodeMsgpack(message));

        Assert.Contains("[\"e\",\"a\\ud800b\",{\"k\\udc00\":[\"\\udfff\"]}]", System.Text.Encoding.UTF8.GetString(json));
        Assert.Equal("[\"e\",\"a\\ud800b\",{\"k\\udc00\":[\"\\udfff\"]}]", SocketIO.Adapters.Cluster.ClusterMessageCodec.Decode(json).Data!.ToString());
        Assert.Equal("a\uFFFDb", msgpack.Data!.Root[1].GetString());
    }
}
