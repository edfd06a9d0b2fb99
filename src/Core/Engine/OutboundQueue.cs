using System.Threading.Tasks.Sources;

namespace SocketIO.Engine;

/// <summary>
/// A session's bounded, multi-writer single-reader packet queue. Packet groups (a binary header and
/// its attachments) go in as one item so concurrent writers can never interleave them.
/// </summary>
/// <remarks>
/// Two limits apply: <paramref name="capacity"/> packets and <paramref name="maxBytes"/> bytes of frames.
/// A packet is accepted while the bytes already queued are below the budget, so the queue holds at most
/// the budget plus one packet (or group), and one packet larger than the whole budget still goes out
/// on an otherwise idle session. A frame shared by many sessions (a broadcast) is stored once but
/// counts against each queue that holds it.
/// <para>
/// The items sit in a small ring under a lock (the queue's own monitor: the type is internal), created on the
/// first packet and dropped again when a burst has grown it and it drains: an idle session holds at most a
/// four-slot array, where a <c>ConcurrentQueue</c> keeps a 32-slot segment (about 0.8 KB) for its whole life.
/// </para>
/// </remarks>
internal sealed class OutboundQueue(int capacity, long maxBytes = long.MaxValue)
{
    private Waiter? _waiter;
    // An EnginePacket or an EnginePacket[] group per slot; the capacity is a power of two. Guarded by lock (this).
    private object?[]? _ring;
    private int _head;
    private int _size; // written under the lock, read without it (Volatile.Read)
    private int _count;
    private long _bytes;
    private volatile bool _completed;
    private EnginePacket[]? _group;
    private int _groupIndex;
    private volatile IEngineWriteScheduler? _scheduler;

    /// <summary>The current transport when it writes on demand; told about every enqueue.</summary>
    public IEngineWriteScheduler? Scheduler
    {
        get => _scheduler;
        set => _scheduler = value;
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Bytes of the frames waiting to be taken.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    public bool IsCompleted => _completed;

    /// <summary>Adds packets within the limits; false when full or completed.</summary>
    public bool TryEnqueue(EnginePacket packet) => TryEnqueue(packet, 1, SizeOf(packet));

    public bool TryEnqueue(EnginePacket[] group) => group.Length == 1 ? TryEnqueue(group[0]) : TryEnqueue(group, group.Length, SizeOf(group));

    private bool TryEnqueue(object item, int n, long size)
    {
        if (_completed)
            return false;
        if (Interlocked.Add(ref _count, n) > capacity)
        {
            Interlocked.Add(ref _count, -n);
            return false;
        }
        if (Interlocked.Add(ref _bytes, size) - size >= maxBytes)
        {
            Interlocked.Add(ref _bytes, -size);
            Interlocked.Add(ref _count, -n);
            return false;
        }
        Add(item);
        Signal();
        return true;
    }

    /// <summary>Adds a control packet (ping, close) regardless of the limits.</summary>
    public void EnqueueControl(EnginePacket packet)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _bytes, SizeOf(packet));
        Add(packet);
        Signal();
    }

    private static long SizeOf(EnginePacket packet) => packet.Frame.Length;

    // Rings up to this many slots are kept when they drain; larger ones (left by a burst) are dropped.
    private const int KeptCapacity = 8;

    private void Add(object item)
    {
        lock (this)
        {
            var ring = _ring ??= new object?[4];
            var size = _size;
            if (size == ring.Length)
            {
                var grown = new object?[ring.Length * 2];
                for (var i = 0; i < size; i++)
                    grown[i] = ring[(_head + i) & (ring.Length - 1)];
                _ring = ring = grown;
                _head = 0;
            }
            ring[(_head + size) & (ring.Length - 1)] = item;
            // A full fence after the store: Signal then looks for a parked reader, which looks at _size after announcing itself.
            Interlocked.Exchange(ref _size, size + 1);
        }
    }

    private bool TryTakeItem(out object item, bool remove)
    {
        lock (this)
        {
            if (_size == 0)
            {
                item = null!;
                return false;
            }
            var ring = _ring!;
            item = ring[_head]!;
            if (!remove)
                return true;
            ring[_head] = null;
            _head = (_head + 1) & (ring.Length - 1);
            if (--_size == 0)
            {
                _head = 0;
                if (ring.Length > KeptCapacity)
                    _ring = null;
            }
            return true;
        }
    }

    private static long SizeOf(EnginePacket[] group)
    {
        long size = 0;
        foreach (var packet in group)
            size += packet.Frame.Length;
        return size;
    }

    /// <summary>The packet <see cref="TryDequeue"/> would take next, left in the queue (one reader, so it stays next).</summary>
    public bool TryPeek(out EnginePacket packet)
    {
        if (_group is { } group)
        {
            packet = group[_groupIndex];
            return true;
        }
        if (!TryTakeItem(out var item, remove: false))
        {
            packet = null!;
            return false;
        }
        packet = item as EnginePacket ?? ((EnginePacket[])item)[0];
        return true;
    }

    public bool TryDequeue(out EnginePacket packet)
    {
        if (_group is { } group)
        {
            packet = group[_groupIndex++];
            if (_groupIndex == group.Length)
                _group = null;
            Taken(packet);
            return true;
        }
        if (!TryTakeItem(out var item, remove: true))
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
        Taken(packet);
        return true;
    }

    private void Taken(EnginePacket packet)
    {
        Interlocked.Decrement(ref _count);
        Interlocked.Add(ref _bytes, -SizeOf(packet));
    }

    /// <summary>
    /// Waits until a packet is queued (true) or the queue is completed and empty (false). One reader
    /// at a time; the wait reuses one value-task source, so parking the reader allocates nothing after the first time.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (HasItems)
            return new ValueTask<bool>(true);
        if (_completed)
            return new ValueTask<bool>(false);
        var waiter = _waiter;
        if (waiter is null)
            Volatile.Write(ref _waiter, waiter = new Waiter());
        return waiter.Park(this, cancellationToken);
    }

    public bool HasItems => _group is not null || Volatile.Read(ref _size) != 0;

    /// <summary>Wakes the reader without adding anything (the reader changed).</summary>
    public void Signal()
    {
        Volatile.Read(ref _waiter)?.Wake();
        _scheduler?.ScheduleWrite();
    }

    /// <summary>
    /// The parked reader of a transport that waits for packets (long-polling). Made on the first wait: the stream
    /// transports are told to write instead (<see cref="Scheduler"/>) and never wait, so their sessions carry none.
    /// </summary>
    private sealed class Waiter : IValueTaskSource<bool>
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private int _waiting;
        private CancellationTokenRegistration _registration;
        private CancellationToken _cancelToken;

        public ValueTask<bool> Park(OutboundQueue queue, CancellationToken cancellationToken)
        {
            _core.Reset();
            // A full fence between announcing the wait and looking again, as the writers add then look for a waiter.
            Interlocked.Exchange(ref _waiting, 1);
            if (queue.HasItems || queue._completed)
            {
                // Un-park ourselves unless a writer already completed the wait.
                if (Interlocked.Exchange(ref _waiting, 0) == 1)
                    return new ValueTask<bool>(true);
            }
            else if (cancellationToken.CanBeCanceled)
            {
                _cancelToken = cancellationToken;
                _registration = cancellationToken.UnsafeRegister(static s => ((Waiter)s!).Cancel(), this);
            }
            return new ValueTask<bool>(this, _core.Version);
        }

        public void Wake()
        {
            if (Volatile.Read(ref _waiting) == 1 && Interlocked.Exchange(ref _waiting, 0) == 1)
                _core.SetResult(true);
        }

        private void Cancel()
        {
            if (Interlocked.Exchange(ref _waiting, 0) == 1)
                _core.SetException(new OperationCanceledException(_cancelToken));
        }

        bool IValueTaskSource<bool>.GetResult(short token)
        {
            var registration = _registration;
            _registration = default;
            registration.Dispose();
            return _core.GetResult(token);
        }

        ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>No more packets will be accepted; the reader drains what is left.</summary>
    public void Complete()
    {
        _completed = true;
        Signal();
    }
}
