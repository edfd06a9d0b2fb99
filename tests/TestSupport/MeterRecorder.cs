using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SocketIO.TestSupport;

/// <summary>
/// Sums what the instruments of one <see cref="Meter"/> record, by instrument and by instrument and attribute value
/// (<c>recorder["socketio.sockets", "/"]</c>). Only that meter: other servers in the test process never mix in.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new();

    /// <summary>Starts listening to <paramref name="meter"/>'s long-valued instruments.</summary>
    public MeterRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == meter)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
            foreach (var tag in tags)
                _sums.AddOrUpdate($"{instrument.Name}|{tag.Value}", value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary>The sum recorded by <paramref name="instrument"/>, or only with the attribute value <paramref name="tag"/>.</summary>
    public long this[string instrument, string? tag = null] => _sums.GetValueOrDefault(tag is null ? instrument : $"{instrument}|{tag}");

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
