using Microsoft.Extensions.Logging;
using SocketIO.Engine;

namespace SocketIO.Transports.Tcp.Internal;

/// <summary>What every connection of one TCP transport shares: the engine, the limits, the log and the live set.</summary>
internal sealed class TcpTransportContext(EngineServer engine, TcpTransportOptions options, ILogger logger)
{
    public const string TransportName = "tcp";

    public EngineServer Engine { get; } = engine;

    public TcpTransportOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public TimeProvider Time => Engine.Time;

    public ConnectionSet Connections { get; } = new(engine.Time, SweepPeriod(options));

    /// <summary>A timestamp <paramref name="after"/> from now, in <see cref="Time"/>'s ticks.</summary>
    public long DeadlineAfter(TimeSpan after) => Time.GetTimestamp() + (long)(after.TotalSeconds * Time.TimestampFrequency);

    // Deadlines are checked by one sweep for all connections; a quarter of the shortest limit keeps them within 25 %.
    private static TimeSpan SweepPeriod(TcpTransportOptions options)
    {
        var shortest = options.HandshakeTimeout < options.CloseTimeout ? options.HandshakeTimeout : options.CloseTimeout;
        var period = shortest / 4;
        return period < TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : period > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : period;
    }
}
