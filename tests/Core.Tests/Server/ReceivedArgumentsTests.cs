using System.Text.Json;
using SocketIO.Tests.Support;

namespace SocketIO.Tests.Server;

/// <summary>
/// Event arguments stay as the UTF-8 JSON the client sent: handlers bind them from those bytes, and sending
/// them back (<c>e.Ack(e.Args)</c>, bench/Server's echo) writes the same bytes, with no document in between.
/// </summary>
public class ReceivedArgumentsTests
{
    public sealed record Item(int A, string B);

    private static async Task<TestClient> ConnectAsync(Action<Socket> configure)
    {
        var io = ServerFactory.Create();
        io.OnConnection(configure);
        var client = await TestClient.OpenAsync(io);
        await client.ConnectAsync();
        return client;
    }

    [Fact]
    public async Task Acking_the_received_arguments_sends_back_the_bytes_that_came_in()
    {
        var client = await ConnectAsync(s => s.On("echo", (SocketEvent e) => e.Ack(e.Args)));
        // Escapes, a lone surrogate, a pair written as escapes, raw UTF-8, numbers as spelled, and whitespace inside values.
        const string args = """1.50e3,"a\ud800b",{"k\u00e9" : "\u00e9\/","é":"😀"},-0,[ {"x":null} ],"\ud83d\ude00",true""";

        client.Send($"427[\"echo\",{args}]");

        Assert.Equal($"437[{args}]", await client.NextAsync());
    }

    [Fact]
    public async Task Whitespace_between_the_arguments_is_not_sent_back()
    {
        var client = await ConnectAsync(s => s.On("echo", (SocketEvent e) => e.Ack(e.Args)));

        client.Send("427[ \"echo\" ,\n1 , \"two\" ]");

        Assert.Equal("437[1,\"two\"]", await client.NextAsync());
    }

    [Fact]
    public async Task Acking_received_binary_renumbers_nested_placeholders_in_the_order_they_are_written()
    {
        var client = await ConnectAsync(s => s.On("echo", (SocketEvent e) => e.Ack(e.Args)));

        client.Send("""452-3["echo",{"f":{"deep":[{"_placeholder":true,"num":1}]}},[{"_placeholder":true,"num":0},"\ud800"]]""");
        client.SendBinary([0xA]);
        client.SendBinary([0xB]);

        Assert.Equal("""462-3[{"f":{"deep":[{"_placeholder":true,"num":0}]}},[{"_placeholder":true,"num":1},"\ud800"]]""", await client.NextAsync());
        Assert.Equal([0xB], (await client.Transport.NextAsync()).Payload.ToArray());
        Assert.Equal([0xA], (await client.Transport.NextAsync()).Payload.ToArray());
    }

    [Fact]
    public async Task Typed_parameters_and_a_JsonElement_are_bound_from_the_same_arguments()
    {
        var client = await ConnectAsync(s => s.On("mixed", (Item item, string text, JsonElement any, double d) =>
            $"{item.A}|{item.B}|{text}|{any.GetProperty("k").GetString()}|{d}"));

        client.Send("""421["mixed",{"a":1,"b":"x\u00e9"},"t\"q\n",{"k":"\u00e9"},2.5]""");

        Assert.Equal("""431["1|xé|t\"q\n|é|2.5"]""", await client.NextAsync());
    }

    [Fact]
    public async Task A_typed_parameter_refuses_a_mistyped_argument_with_its_kind()
    {
        var client = await ConnectAsync(s => s.On("item", (Item item) => item.A));

        client.Send("""421["item",[1,2]]""");
        client.Send("""422["item",null]""");

        Assert.Contains("argument 1 (\\\"item\\\") expects Item but got an array", await client.NextAsync());
        Assert.Contains("argument 1 (\\\"item\\\") expects Item but got null", await client.NextAsync());
    }

    [Fact]
    public async Task An_event_named_by_a_number_reaches_the_handler_of_that_number()
    {
        var client = await ConnectAsync(s => s.On("42", (SocketEvent e) => e.Ack(e.Name, e.Args.Count)));

        client.Send("""421[42,"x"]""");

        Assert.Equal("""431["42",1]""", await client.NextAsync());
    }
}
