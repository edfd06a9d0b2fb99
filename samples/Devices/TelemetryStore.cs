using System.Collections.Concurrent;
using System.Text.Json;

namespace Devices;

/// <summary>The latest telemetry of every device, and the last command ack each one sent.</summary>
public sealed class TelemetryStore
{
    private readonly ConcurrentDictionary<string, (JsonElement Telemetry, DateTimeOffset At)> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _commandAcks = new(StringComparer.Ordinal);

    /// <summary>The latest telemetry by device id.</summary>
    public IReadOnlyDictionary<string, (JsonElement Telemetry, DateTimeOffset At)> Latest => _latest;

    /// <summary>Keeps <paramref name="telemetry"/> as the device's latest.</summary>
    public void Record(string device, JsonElement telemetry)
    {
        _latest[device] = (telemetry.Clone(), DateTimeOffset.UtcNow);
        Console.WriteLine($"telemetry {device} {telemetry.GetRawText()}");
    }

    /// <summary>Keeps the device's answer to its command.</summary>
    public void RecordCommandAck(string device, string reply)
    {
        _commandAcks[device] = reply;
        Console.WriteLine($"command ack {device} {reply}");
    }
}
