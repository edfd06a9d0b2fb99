using System.Text.Json;
using SocketIO.Samples.Tests.Support;

namespace SocketIO.Samples.Tests;

/// <summary>samples/Namespaces started with PARSER=msgpack, driven by the Node client with socket.io-msgpack-parser.</summary>
public class NamespacesMessagePackTests(NamespacesMessagePackSample sample) : IClassFixture<NamespacesMessagePackSample>
{
    private static readonly Dictionary<string, string> MessagePack = new() { ["PARSER"] = "msgpack" };

    private Task<JsonElement> RunAsync(string scenario) => SampleScript.RunAsync("namespaces.js", MessagePack, sample.Host.BaseUrl, scenario);

    [Fact]
    public async Task Orders_keep_binary_fields_with_the_msgpack_parser()
    {
        var r = await RunAsync("orders");

        foreach (var order in new[] { r.GetProperty("created"), r.GetProperty("broadcastB") })
        {
            Assert.Equal("scanner", order.GetProperty("item").GetString());
            Assert.Equal([1, 2, 3], order.GetProperty("photo").GetProperty("$buffer").EnumerateArray().Select(b => b.GetInt32()));
            Assert.Equal([9], order.GetProperty("meta").GetProperty("thumb").GetProperty("$buffer").EnumerateArray().Select(b => b.GetInt32()));
        }
    }

    [Fact]
    public async Task Admin_refusal_data_and_dynamic_children_work_with_the_msgpack_parser()
    {
        var admin = await RunAsync("admin");
        var dynamic = await RunAsync("dynamic");

        Assert.Equal("bad token", admin.GetProperty("badToken").GetProperty("error").GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal("bob", admin.GetProperty("deleted").GetProperty("deleted").GetString());
        Assert.True(dynamic.GetProperty("welcome").GetProperty("checked").GetBoolean());
        Assert.Equal("blocked", dynamic.GetProperty("blocked").GetProperty("error").GetProperty("message").GetString());
    }
}
