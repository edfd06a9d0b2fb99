using System.Text;
using System.Text.Json;
using SocketIO.Protocol;
using SocketIO.Serialization;
using static SocketIO.Tests.Protocol.Wire;

namespace SocketIO.Tests.Protocol;

/// <summary>
/// The default parser validates a payload with one reader pass and keeps it as the UTF-8 it arrived in: the
/// JSON document (<see cref="PacketData.Root"/>) is built only when something asks for a <see cref="JsonElement"/>.
/// </summary>
public sealed class LazyPayloadTests
{
    private static readonly PayloadSerializer Serializer = new();

    private sealed record Item(int A, string B);

    [Fact]
    public void Decoding_an_event_builds_no_document()
    {
        var packet = DecodeOne("""2["echo",{"a":1,"b":"x"}]""");

        Assert.False(packet.Data!.HasRoot);
        Assert.Equal("""["echo",{"a":1,"b":"x"}]""", Json(packet));
    }

    [Fact]
    public void Reading_typed_arguments_builds_no_document()
    {
        var data = DecodeOne("""2["echo",{"a":1,"b":"x"},7,"s",null]""").Data!;
        var args = new SocketArgs(data, 1, Serializer);

        Assert.Equal(4, args.Count);
        Assert.Equal(new Item(1, "x"), args.Get<Item>(0));
        Assert.Equal(7, args.Get<int>(1));
        Assert.Equal("s", args.Get(2, typeof(string)));
        Assert.Null(args.Get<string>(3));
        Assert.False(args.IsBinary(0));
        Assert.Equal("""[{"a":1,"b":"x"},7,"s",null]""", args.ToString());
        Assert.False(data.HasRoot);
    }

    [Fact]
    public void Asking_for_a_JsonElement_builds_the_document_once()
    {
        var data = DecodeOne("""2["echo",{"a":1,"b":"x"}]""").Data!;
        var args = new SocketArgs(data, 1, Serializer);

        var element = args[0];

        Assert.True(data.HasRoot);
        Assert.Equal(1, element.GetProperty("a").GetInt32());
        Assert.Equal("echo", data.Root[0].GetString());
        Assert.Equal(JsonValueKind.Object, args.Get<JsonElement>(0).ValueKind);
        Assert.Equal(JsonValueKind.Object, args.GetRaw(0).Element.ValueKind);
    }

    [Fact]
    public void Connect_auth_is_kept_raw_until_read()
    {
        var data = DecodeOne("""0{"token":"abc"}""").Data!;

        Assert.False(data.HasRoot);
        Assert.Equal("abc", data.Root.GetProperty("token").GetString());
    }

    [Fact]
    public void A_depth_limit_above_the_document_default_builds_the_document_in_the_decoder()
    {
        // PacketData.Root parses with JsonDocument's default limit (64); a deeper payload accepted by a higher limit must still be readable.
        var options = new ParserOptions { MaxDepth = 100 };
        var text = "2[\"deep\"," + new string('[', 80) + new string(']', 80) + "]";

        var data = DecodeOne(text, options).Data!;

        Assert.True(data.HasRoot);
        Assert.Equal(JsonValueKind.Array, data.Root[1].ValueKind);
        Assert.Equal(1, new SocketArgs(data, 1, Serializer).Count);
    }

    [Theory]
    [InlineData("""2["echo",1]""", "echo")]
    [InlineData("""2[ "spaced" , 1 ]""", "spaced")]
    [InlineData("""2["h\u00e9llo"]""", "héllo")]
    [InlineData("""2["tab\there"]""", "tab\there")]
    [InlineData("""2[42,"a"]""", "42")]
    [InlineData("""2[-1.5e3]""", "-1.5e3")]
    public void The_event_name_is_read_from_the_raw_payload(string text, string name)
    {
        var data = DecodeOne(text).Data!;

        Assert.True(data.TryGetEventName(out var read));
        Assert.Equal(name, read);
        Assert.False(data.HasRoot);
    }

    [Fact]
    public void An_event_name_with_a_lone_surrogate_is_read_as_JavaScript_has_it()
    {
        // Not in the theory above: an attribute argument cannot hold a lone surrogate.
        Assert.True(DecodeOne("""2["x\ud800",1]""").Data!.TryGetEventName(out var name));
        Assert.Equal("x\ud800", name);
    }

    [Fact]
    public void Whitespace_around_and_between_items_is_not_part_of_any_item()
    {
        var data = DecodeOne("2 [ \"e\" ,\n{ \"a\" : 1 } ,\t[ 1 , 2 ] , \"s\" , 3.50 , true ] ").Data!;
        var args = new SocketArgs(data, 1, Serializer);

        Assert.Equal(5, args.Count);
        Assert.Equal("{ \"a\" : 1 }", Encoding.UTF8.GetString(args.Raw(0)));
        Assert.Equal("[ 1 , 2 ]", Encoding.UTF8.GetString(args.Raw(1)));
        Assert.Equal("\"s\"", Encoding.UTF8.GetString(args.Raw(2)));
        Assert.Equal("3.50", Encoding.UTF8.GetString(args.Raw(3)));
        Assert.Equal("true", Encoding.UTF8.GetString(args.Raw(4)));
        Assert.Equal("[{ \"a\" : 1 },[ 1 , 2 ],\"s\",3.50,true]", args.ToString());
        Assert.Equal("[ \"e\" ,\n{ \"a\" : 1 } ,\t[ 1 , 2 ] , \"s\" , 3.50 , true ]", new SocketArgs(data, 0, Serializer).ToString());
    }

    [Fact]
    public void Arguments_read_raw_agree_with_the_document()
    {
        var data = DecodeOne("""2["e",{"a":[1,{"b":"\u00e9\/"}]},"\ud83d\ude00",-0.0,1e2,false,null,"a\"b",[],{}]""").Data!;
        var args = new SocketArgs(data, 1, Serializer);
        var root = PacketData.FromJson(Json(data)).Root;

        for (var i = 0; i < args.Count; i++)
        {
            Assert.Equal(root[i + 1].GetRawText(), Encoding.UTF8.GetString(args.Raw(i)));
            Assert.Equal(root[i + 1].ValueKind, args.KindOf(i));
        }
    }

    [Fact]
    public void Arguments_of_a_payload_that_did_not_come_from_the_decoder_are_laid_out_on_first_use()
    {
        var data = PacketData.FromJson("""[ "e" , {"a":1} ]""");
        var args = new SocketArgs(data, 1, Serializer);

        Assert.Equal(1, args.Count);
        Assert.Equal(1, args.Get<Item>(0)!.A);
        Assert.Equal(0, new SocketArgs(PacketData.FromJson("""{"a":1}"""), 0, Serializer).Count);
        Assert.Equal("[]", new SocketArgs(PacketData.FromJson("""{"a":1}"""), 0, Serializer).ToString());
        Assert.Equal(0, new SocketArgs(null, 0, Serializer).Count);
    }

    [Fact]
    public void Out_of_range_arguments_fail_as_before()
    {
        var args = new SocketArgs(DecodeOne("""2["e",1]""").Data!, 1, Serializer);

        Assert.Throws<ArgumentOutOfRangeException>(() => args[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => args[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => args.Get<int>(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => args.IsBinary(-1));
        Assert.Equal(0, args.Get<int>(5));
        Assert.False(args.IsBinary(5));
        Assert.Throws<InvalidOperationException>(() => args.GetBinary(0));
    }
}
