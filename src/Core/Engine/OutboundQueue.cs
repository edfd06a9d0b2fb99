using System.Collections.Concurrent;

namespace SocketIO.Engine;

/// <summary>
/// A session's bounded, multi-writer single-reader packet queue. Packet groups (a binary header and
/// its attachments) go in as one item so concurrent writers can never interleave them.
/// </summary>
internal sealed class OutboundQueue(int capacity)
{
    private readonly ConcurrentQueue<object> _items = new();
    private int _count;
    private volatile bool _completed;
    private TaskCompletionSource<bool>? _waiter;
    private EnginePacket[]? _group;
    private int _groupIndex;

    public int Count => Volatile.Read(ref _count);

    public bool IsCompleted => _completed;

    /// <summary>Adds packets within the capacity; false when full or completed.</summary>
    public bool TryEnqueue(EnginePacket packet) => TryEnqueue(packet, 1);

    public bool TryEnqueue(EnginePacket[] group) => group.Length == 1 ? TryEnqueue(group[0], 1) : TryEnqueue(group, group.Length);

    private bool TryEnqueue(object item, int n)
    {
        if (_completed)
            return false;
        if (Interlocked.Add(ref _count, n) > capacity)
        {
            Interlocked.Add(ref _count, -n);
            return false;
        }
        _items.Enqueue(item);
        Signal();
        return true;
    }

    /// <summary>Adds a control packet (ping, close) regardless of the capacity.</summary>
    public void EnqueueControl(EnginePacket packet)
    {
        Interlocked.Increment(ref _count);
        _items.Enqueue(packet);
        Signal();
    }

    public bool TryDequeue(out EnginePacket packet)
    {
        if (_group is { } group)
        {
            packet = group[_groupIndex++];
            if (_groupIndex == group.Length)
                _group = null;
            Interlocked.Decrement(ref _count);
            return true;
        }
        if (!_items.TryDequeue(out var item))
        {
            packet = null!;
            return false;
        }
        if (item is EnginePacket single)
        {
            packet = single;
        }
        else
        {
            var g = (EnginePacket[])item;
            packet = g[0];
            _group = g;
            _groupIndex = 1;
        }
        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Waits until a packet is queued (true) or the queue is completed and empty (false).</summary>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_group is not null || !_items.IsEmpty)
                return true;
            if (_completed)
                return false;
            var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _waiter, tcs);
            if (!_items.IsEmpty || _completed)
            {
                Interlocked.CompareExchange(ref _waiter, null, tcs);
                continue;
            }
            await using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetCanceled(), tcs).ConfigureAwait(false))
                await tcs.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Wakes the reader without adding anything (the reader changed).</summary>
    public void Signal()
    {
        if (Volatile.Read(ref _waiter) is not null)
            Interlocked.Exchange(ref _waiter, null)?.TrySetResult(true);
    }

    /// <summary>No more packets will be accepted; the reader drains what is left.</summary>
    public void Complete()
    {
        _completed = true;
        Signal();
    }
}
