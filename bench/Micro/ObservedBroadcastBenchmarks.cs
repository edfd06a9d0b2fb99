using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using SocketIO;

namespace Bench.Micro;

/// <summary>
/// The 16-byte fan-out of <see cref="BroadcastBenchmarks"/> (1,000 sockets) with and without a <see cref="MeterListener"/>
/// on the server's <c>SocketIO</c> meter (every instrument enabled, each measurement summed as an exporter's
/// aggregation would), and with connection state recovery off and on (each broadcast then stored and tagged with an
/// offset). The meter must cost nothing when nobody listens: the <c>None</c> rows must equal the plain broadcast.
/// </summary>
[MemoryDiagnoser]
public class ObservedBroadcastBenchmarks
{
    private BroadcastBenchmarks _inner = null!;
    private MeterListener? _listener;
    private long _sum;

    /// <summary>Who listens to the meter.</summary>
    [Params("None", "MeterListener")]
    public string Listener { get; set; } = "None";

    /// <summary>Connection state recovery.</summary>
    [Params(false, true)]
    public bool Recovery { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inner = new BroadcastBenchmarks
        {
            PayloadBytes = 16,
            Configure = o => o.ConnectionStateRecovery = Recovery ? new ConnectionStateRecoveryOptions() : null,
        };
        _inner.Setup();
        if (Listener == "MeterListener")
        {
            var meter = _inner.Server.Metrics.Meter;
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter == meter)
                        listener.EnableMeasurementEvents(instrument);
                },
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _sum, value));
            _listener.Start();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _inner.Cleanup();
    }

    [Benchmark]
    public void Broadcast() => _inner.Broadcast();
}
