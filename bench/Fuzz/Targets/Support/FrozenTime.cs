namespace SocketIO.Fuzz.Support;

/// <summary>A clock whose timers never fire: no heartbeat or flush timer runs while an input is decoded.</summary>
internal sealed class FrozenTime : TimeProvider
{
    public static readonly FrozenTime Instance = new();

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
