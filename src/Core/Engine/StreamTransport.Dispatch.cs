namespace SocketIO.Engine;

public abstract partial class StreamTransport
{
    // Writers started while a receive loop on this thread is dispatching (a broadcast from a handler):
    // that loop runs them as soon as its handlers return, on the same thread and with no lock held,
    // as Node writes a broadcast within the same tick, instead of one thread-pool item per target.
    // Shared by every stream transport, so a broadcast from a TCP device to WebSocket clients is deferred too.
    [ThreadStatic]
    private static List<StreamTransport>? t_deferredWriters;
    [ThreadStatic]
    private static int t_dispatchDepth;

    /// <summary>Takes the writer role if it is free and drains, deferred to the dispatching loop or on the thread pool.</summary>
    protected void StartWriter()
    {
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
            return;
        if (t_dispatchDepth > 0)
            (t_deferredWriters ??= []).Add(this);
        else
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <inheritdoc />
    void IThreadPoolWorkItem.Execute() => Start(WriteAsync());

    /// <summary>Marks the start of a receive loop's dispatch on this thread; pair it with <see cref="EndDispatch"/> in a finally.</summary>
    protected void BeginDispatch()
    {
        Interlocked.Exchange(ref _dispatching, 1);
        t_dispatchDepth++;
    }

    /// <summary>
    /// Ends a dispatch: writes what the handlers queued for this connection, then every writer they
    /// started for others. A write that has to wait for a slow peer goes on by itself.
    /// </summary>
    protected void EndDispatch()
    {
        Interlocked.Exchange(ref _dispatching, 0);
        if (HasWork() && Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
            Start(WriteAsync());
        if (--t_dispatchDepth > 0 || t_deferredWriters is not { Count: > 0 } writers)
            return;
        t_deferredWriters = null;
        foreach (var writer in writers)
            Start(writer.WriteAsync());
        writers.Clear();
        t_deferredWriters = writers;
    }

    /// <summary>Lets a write run on; one that already finished gives its pooled state back.</summary>
    private static void Start(ValueTask writing)
    {
        if (writing.IsCompleted)
            writing.GetAwaiter().GetResult();
    }
}
