namespace Bench.Micro;

/// <summary>
/// A clock whose timers never fire, so heartbeats and connect timeouts cannot ping or close the
/// sessions a benchmark keeps open for minutes.
/// </summary>
internal sealed class FrozenTime : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => IdleTimer.Instance;

    private sealed class IdleTimer : ITimer
    {
        public static readonly IdleTimer Instance = new();

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
