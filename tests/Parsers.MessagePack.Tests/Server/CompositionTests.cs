using Microsoft.Extensions.DependencyInjection;
using SocketIO.Protocol;

namespace SocketIO.Parsers.MessagePack.Tests.Server;

public sealed class CompositionTests
{
    [Fact]
    public void AddMessagePackParser_replaces_the_default_parser()
    {
        var services = new ServiceCollection();
        services.AddSocketIO(o => o.MaxAttachments = 1).AddMessagePackParser();
        using var provider = services.BuildServiceProvider();

        var parser = provider.GetRequiredService<IPacketParser>();

        Assert.IsType<MessagePackPacketParser>(parser);
        Assert.Equal("msgpack", parser.Name);
        Assert.Same(parser, provider.GetRequiredService<SocketIOServer>().Parser);
    }

    [Fact]
    public void Parser_keeps_the_limits_of_the_server_options()
    {
        var services = new ServiceCollection();
        services.AddSocketIO(o => o.MaxAttachments = 1).AddMessagePackParser();
        using var provider = services.BuildServiceProvider();
        var decoder = provider.GetRequiredService<IPacketParser>().CreateDecoder();

        var ex = Assert.Throws<ProtocolException>(() => decoder.Decode(Support.Fixtures.Message("event_buffers")));

        Assert.Equal("too many attachments", ex.Message);
    }
}
