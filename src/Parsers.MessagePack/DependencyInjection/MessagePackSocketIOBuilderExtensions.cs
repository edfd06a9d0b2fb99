using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocketIO;
using SocketIO.Parsers.MessagePack;
using SocketIO.Protocol;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects the socket.io-msgpack-parser compatible parser.</summary>
public static class MessagePackSocketIOBuilderExtensions
{
    /// <summary>
    /// Replaces the default JSON parser with <see cref="MessagePackPacketParser"/>, keeping the limits
    /// of <see cref="SocketIOOptions"/>. Every client must then use <c>socket.io-msgpack-parser</c>
    /// (Node/browser: <c>io(url, { parser: require("socket.io-msgpack-parser") })</c>).
    /// </summary>
    public static SocketIOBuilder AddMessagePackParser(this SocketIOBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IPacketParser>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SocketIOOptions>>().Value;
            return new MessagePackPacketParser(new ParserOptions
            {
                MaxAttachments = o.MaxAttachments,
                MaxDepth = o.MaxJsonDepth,
                MaxNamespaceLength = o.MaxNamespaceLength,
            });
        }));
        return builder;
    }
}
