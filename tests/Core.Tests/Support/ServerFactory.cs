using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SocketIO.Adapters;
using SocketIO.Protocol;

namespace SocketIO.Tests.Support;

internal static class ServerFactory
{
    public static SocketIOServer Create(
        Action<SocketIOOptions>? configure = null,
        TimeProvider? time = null,
        IPacketParser? parser = null,
        IAdapterFactory? adapterFactory = null,
        LogCapture? logs = null)
    {
        var options = new SocketIOOptions();
        configure?.Invoke(options);
        return new SocketIOServer(Options.Create(options), parser, adapterFactory, time, logs);
    }

    public static (SocketIOServer Server, FakeTimeProvider Time) CreateWithFakeTime(Action<SocketIOOptions>? configure = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        return (Create(configure, time), time);
    }
}
