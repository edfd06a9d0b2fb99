using SocketIO.Adapters;
using SocketIO.Protocol;

namespace SocketIO;

/// <summary>
/// Collects the acks of one broadcast, as Node's <c>BroadcastOperator.emitWithAck</c>: each responding
/// server reports how many clients it reached (the counts add up), and the broadcast completes once
/// as many servers answered as the adapter's server count and every counted client acked. At the
/// timeout it completes with the acks received so far.
/// </summary>
internal sealed class BroadcastAckCollector
{
    private readonly Namespace _nsp;
    private readonly TaskCompletionSource<BroadcastAckResult> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<SocketArgs> _responses = [];
    private readonly ITimer? _timer; // null only while the constructor creates it
    private int _expectedServers = -1; // unknown until the server count arrives
    private int _respondedServers;
    private int _expectedClients;

    public BroadcastAckCollector(Namespace nsp, TimeSpan timeout)
    {
        _nsp = nsp;
        _timer = nsp.Server.Time.CreateTimer(static s => ((BroadcastAckCollector)s!).Finish(timedOut: true), this, timeout, Timeout.InfiniteTimeSpan);
    }

    public Task<BroadcastAckResult> Task => _tcs.Task;

    /// <summary>One server's report: the number of its clients the packet reached.</summary>
    public void OnClientCount(int count)
    {
        lock (_lock)
        {
            _expectedClients += count;
            _respondedServers++;
        }
        TryComplete();
    }

    /// <summary>One client's ack.</summary>
    public void OnAck(PacketData? data)
    {
        var args = new SocketArgs(data, 0, _nsp.Server.Serializer);
        lock (_lock)
            _responses.Add(args);
        TryComplete();
    }

    /// <summary>The number of servers expected to report (the adapter's server count).</summary>
    public void OnServerCount(Task<int> serverCount)
    {
        if (serverCount.IsCompleted)
            SetServerCount(serverCount);
        else
            serverCount.ContinueWith(static (t, s) => ((BroadcastAckCollector)s!).SetServerCount(t), this,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void SetServerCount(Task<int> serverCount)
    {
        if (!serverCount.IsCompletedSuccessfully)
        {
            // The broadcast could not reach the cluster (or count it): fail now rather than at the timeout.
            _timer?.Dispose();
            var error = serverCount.Exception?.GetBaseException() ?? new OperationCanceledException();
            _tcs.TrySetException(error as AdapterException ?? new AdapterException($"Broadcast with acks on {_nsp.Name} failed: {error.Message}", error));
            return;
        }
        lock (_lock)
            _expectedServers = serverCount.Result;
        TryComplete();
    }

    private void TryComplete()
    {
        bool done;
        lock (_lock)
            done = _expectedServers >= 0 && _respondedServers >= _expectedServers && _responses.Count >= _expectedClients;
        if (done)
            Finish(timedOut: false);
    }

    private void Finish(bool timedOut)
    {
        _timer?.Dispose();
        bool set;
        lock (_lock)
            set = _tcs.TrySetResult(new BroadcastAckResult(timedOut, [.. _responses]));
        if (set && timedOut)
            _nsp.CountAckTimeout();
    }
}
